using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;

namespace Shuangsuiji.Gateway.Resilience;

/// <summary>
/// The gateway sends a call to its service again when an attempt brought no answer: the service could not be reached,
/// answered UNAVAILABLE (HTTP 502, 503, 504), or sent no response headers within Gateway:AttemptTimeoutMs (default 10 s) —
/// up to Gateway:Attempts attempts (default 3), within the service's <see cref="RetryBudget"/> (Gateway:RetryBudgetPercent,
/// default 10 % of its calls over ten seconds, plus Gateway:RetryBudgetMinimum, default 10). The last attempt it may make
/// has no attempt timeout: it waits as long as the caller does. Only calls that may take effect twice without harm are
/// sent again (<see cref="MayRetry"/>): reads, and commands named by x-request-id (the gateway names every call), which the
/// services carry out once; a streamed upload never is.
/// </summary>
public sealed class ServiceRetries(IConfiguration config, TimeProvider clock, ILogger<ServiceRetries> log)
{
    /// <summary>Set on the forwarded request by the route's transform; without it only GET and HEAD are sent again.</summary>
    public static readonly HttpRequestOptionsKey<bool> MayRetry = new("shuangsuiji.may-retry");

    public const string AttemptsSetting = "Gateway:Attempts";
    public const string AttemptTimeoutSetting = "Gateway:AttemptTimeoutMs";
    public const string BudgetPercentSetting = "Gateway:RetryBudgetPercent";
    public const string BudgetMinimumSetting = "Gateway:RetryBudgetMinimum";

    // A call sent again is sent whole, so its body is kept: as large as a message the services accept.
    private const long MaxReplayedBody = 16 << 20;

    private static readonly ResiliencePropertyKey<int> Attempt = new("shuangsuiji.attempt");

    /// <summary>The transport to a service with the gateway's retries around it, on a budget of the service's own.</summary>
    public HttpMessageHandler Around(string service, HttpMessageHandler transport)
    {
        var attempts = Math.Max(1, config.GetValue(AttemptsSetting, 3));
        var attemptTimeout = TimeSpan.FromMilliseconds(config.GetValue(AttemptTimeoutSetting, 10_000));
        var budget = new RetryBudget(clock, config.GetValue(BudgetPercentSetting, 10), config.GetValue(BudgetMinimumSetting, 10));
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, attempts - 1),
                Delay = TimeSpan.FromMilliseconds(50),
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(
                    args.AttemptNumber + 1 < attempts && NoAnswer(args.Outcome) && !args.Context.CancellationToken.IsCancellationRequested
                    && budget.TryRetry()),
                OnRetry = args =>
                {
                    log.LogInformation("{Service}: attempt {Attempt} brought no answer ({Outcome}); sending it again", service, args.AttemptNumber + 1,
                        args.Outcome.Exception?.GetType().Name ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                // A timeout that would be followed by no retry only cuts a slow answer short.
                TimeoutGenerator = args =>
                {
                    var attempt = args.Context.Properties.GetValue(Attempt, 0) + 1;
                    args.Context.Properties.Set(Attempt, attempt);
                    return ValueTask.FromResult(attempt < attempts && budget.CanRetry ? attemptTimeout : Timeout.InfiniteTimeSpan);
                },
            })
            .Build();
        return new RetryHandler(pipeline, budget) { InnerHandler = transport };
    }

    /// <summary>No answer from the service, as against an answer that is an error: nothing reached it or came back.</summary>
    private static bool NoAnswer(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
        // A gRPC status without a body (trailers-only) arrives in the headers.
        { Result: { } response } => response.Headers.TryGetValues("grpc-status", out var status) && status.FirstOrDefault() == "14",
        _ => false,
    };

    private sealed class RetryHandler(ResiliencePipeline<HttpResponseMessage> pipeline, RetryBudget budget) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var mayRetry = request.Options.TryGetValue(MayRetry, out var may) ? may : request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
            if (!mayRetry) return await base.SendAsync(request, ct);
            if (request.Content is not null) await request.Content.LoadIntoBufferAsync(MaxReplayedBody, ct);
            budget.Call();
            return await pipeline.ExecuteAsync(static (state, token) => new ValueTask<HttpResponseMessage>(state.Handler.Attempt(state.Request, token)),
                (Handler: this, Request: request), ct);
        }

        private Task<HttpResponseMessage> Attempt(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
    }
}

/// <summary>YARP's HTTP clients to the services (HTTP/2 without TLS), each with the gateway's retries around it.</summary>
public sealed class ForwarderClients(ServiceRetries retries, ILogger<ForwarderHttpClientFactory> log) : ForwarderHttpClientFactory(log)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        retries.Around(context.ClusterId, handler);
}
