using Google.Rpc;
using Grpc.Core;

namespace Shuangsuiji.Demo;

/// <summary>The demo's waits for what travels over the bus between the services (at most 30 s each, unless said).</summary>
public static class Patience
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    /// <summary>Reads until the answer is as wanted.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 30)
    {
        for (var attempt = 0; ; attempt++)
        {
            var value = await read();
            if (done(value)) return value;
            if (attempt == Tries(seconds)) throw new InvalidOperationException($"{what} has not happened after {seconds} s");
            await Task.Delay(Pause);
        }
    }

    /// <summary>
    /// Sends a command again while it is refused as "not yet" for <paramref name="reason"/> (its ErrorInfo), waiting the
    /// delay its RetryInfo gives: a fact it needs has not arrived over the bus. As a client does, it reads the error's
    /// details, never its message.
    /// </summary>
    public static async Task<T> Retry<T>(Func<Task<T>> command, string reason, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                return await command();
            }
            catch (RpcException e) when (DateTime.UtcNow < until && NotYet(e, reason) is { } delay)
            {
                await Task.Delay(delay);
            }
        }
    }

    /// <summary>How long to wait before sending again a command refused as "not yet" (for <paramref name="reason"/>, if given); null for any other refusal.</summary>
    public static TimeSpan? NotYet(RpcException e, string? reason = null) =>
        e.GetRpcStatus() is { } status && status.GetDetail<RetryInfo>() is { } retry
        && (reason is null || status.GetDetail<ErrorInfo>()?.Reason == reason)
            ? retry.RetryDelay.ToTimeSpan() : null;

    private static int Tries(int seconds) => seconds * 1000 / (int)Pause.TotalMilliseconds;
}
