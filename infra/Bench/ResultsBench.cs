using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using MassTransit;
using Npgsql;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Demo;
using Shuangsuiji.Kernel;
using TaskStatus = Shuangsuiji.Api.Tasks.V1.TaskStatus;

namespace Shuangsuiji.Bench;

/// <summary>
/// bench results: N result entries (default 10,000) submitted in a burst, 64 at a time, through the gateway, whose
/// attempts time out early on this instance so that it sends some again: Gateway:AttemptTimeoutMs is set to the p99 of the
/// same burst sent straight to the tasks service in this run (SSYG_BENCH_ATTEMPT_TIMEOUT_MS overrides it), and the gateway
/// restarted with it, so that the burst means the same on a slower or faster machine; the client too sends a call again with the same request id when it fails on a timeout. Then
/// the tasks store is counted: every entry stored once (lost = entries without a submission, duplicates = extra
/// submissions). The baseline in the same run is the same burst sent straight to the tasks service, no gateway.
/// </summary>
public static class ResultsBench
{
    internal const string Department = "130302-AMR";
    internal const string Item = "130302-AMR:HBSC-001"; // no check forms in the demo catalog: the entry is the standard record
    private const int Concurrency = 64;
    private static readonly string[] Inspectors = ["130302-AMR-001", "130302-AMR-002"];
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>Restarts the instance's gateway with its attempts timing out after <paramref name="milliseconds"/> (infra/dev.sh restart).</summary>
    private static async Task RestartGatewayAsync(int milliseconds)
    {
        var restart = new ProcessStartInfo("bash", [Settings.Env("SSYG_DEV_SH", "infra/dev.sh"), "restart", "gateway"])
        {
            Environment = { ["Gateway__AttemptTimeoutMs"] = milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(restart)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"infra/dev.sh restart gateway failed ({process.ExitCode})");
    }

    public static async Task<string> RunAsync(int entries)
    {
        var bus = Settings.Bus();
        await bus.StartAsync();
        await using var db = NpgsqlDataSource.Create(Settings.Postgres("ssyg_tasks"));
        using var gateway = GrpcChannel.ForAddress(Settings.GatewayGrpc);
        using var direct = GrpcChannel.ForAddress($"http://127.0.0.1:{Settings.Env("SSYG_TASKS_GRPC_PORT", "55151")}");
        try
        {
            var stamp = DateTime.UtcNow.ToString("MMddHHmmss");
            var viaGateway = new Tasks.TasksClient(gateway);
            var (baselineTask, baselineUsccs) = await CheckingTaskAsync(viaGateway, bus, $"BENCH-RD-{stamp}", entries, 'D');
            var (task, usccs) = await CheckingTaskAsync(viaGateway, bus, $"BENCH-RG-{stamp}", entries, 'G');

            var baseline = await BurstAsync(new Tasks.TasksClient(direct), baselineTask, baselineUsccs);
            Console.WriteLine($"straight to the tasks service: {baseline.PerSecond:F0} entries/s, p50 {baseline.P50:F1} ms, p99 {baseline.P99:F1} ms, " +
                              $"{baseline.ClientRetries} sent again by the client");
            var attemptTimeout = int.TryParse(Settings.Env("SSYG_BENCH_ATTEMPT_TIMEOUT_MS", ""), out var set) ? set : (int)Math.Ceiling(baseline.P99);
            await RestartGatewayAsync(attemptTimeout);
            Console.WriteLine($"the gateway's attempts time out after {attemptTimeout} ms");
            var burst = await BurstAsync(viaGateway, task, usccs);
            Console.WriteLine($"through the gateway: {burst.PerSecond:F0} entries/s, p50 {burst.P50:F1} ms, p99 {burst.P99:F1} ms, " +
                              $"{burst.GatewayRetries} sent again by the gateway, {burst.ClientRetries} by the client, {burst.Busy} refused busy and sent again later, {burst.Failed} failed");

            var (stored, submissions) = await CountAsync(db, task);
            var (lost, duplicates) = (entries - stored, submissions - stored);
            return $"bench results: entries={entries} per_s={burst.PerSecond:F0} p99_ms={burst.P99:F1} lost={lost} duplicates={duplicates} " +
                   $"failed={burst.Failed} busy={burst.Busy} gateway_retries={burst.GatewayRetries} client_retries={burst.ClientRetries} direct_per_s={baseline.PerSecond:F0} " +
                   $"direct_p99_ms={baseline.P99:F1} attempt_timeout_ms={attemptTimeout} ratio={burst.PerSecond / baseline.PerSecond:F2}";
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>A task of the district bureau with N drawn entities (the draw engine's message, sent by the bench), checks started.</summary>
    internal static async Task<(string TaskId, string[] Usccs)> CheckingTaskAsync(Tasks.TasksClient tasks, IBus bus, string taskId, int entities, char tag)
    {
        var staff = Settings.As(Department);
        await tasks.CreateTaskAsync(new CreateTaskRequest
        {
            TaskId = taskId, DepartmentId = Department, Name = "结果录入压力测试", Items = { Item },
            Scope = new PlanScope { Divisions = { "130302" } }, Quotas = { new RiskQuota { RiskClass = "B", Count = entities } },
            CheckFrom = $"{Today.AddDays(-30):yyyy-MM-dd}", CheckTo = $"{Today:yyyy-MM-dd}", Reason = "benchmark",
        }, staff);
        await tasks.ApproveTaskAsync(new TaskCommandRequest { TaskId = taskId }, Settings.As(Department, Roles.Reviewer));
        await tasks.ConfirmPartnersAsync(new TaskCommandRequest { TaskId = taskId }, staff);
        var usccs = Enumerable.Range(0, entities).Select(i => SocialCreditCode.WithCheck($"9113030{tag}B{i:D8}")).ToArray();
        await bus.Publish(new TaskEntitiesDrawn($"bench-{taskId}", taskId, [Department], usccs, null, DateTimeOffset.UtcNow));
        for (var waited = 0; (await tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, staff)).Status != TaskStatus.Drawn; waited++)
        {
            if (waited == 300) throw new InvalidOperationException($"task {taskId} did not receive its draw within a minute");
            await Task.Delay(200);
        }
        await bus.Publish(new InspectorsAssigned($"bench-{taskId}", taskId, Department, [.. usccs.Select(u => new AssignedTeam(u, Inspectors))], 1,
            DateTimeOffset.UtcNow));
        await Patience.Until(() => tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, staff).ResponseAsync,
            t => t.Status == TaskStatus.Matched, $"the match of task {taskId}");
        await tasks.StartChecksAsync(new TaskCommandRequest { TaskId = taskId }, staff);
        return (taskId, usccs);
    }

    internal sealed record Burst(double PerSecond, double P50, double P99, int GatewayRetries, int ClientRetries, int Busy, int Failed);

    internal static async Task<Burst> BurstAsync(Tasks.TasksClient tasks, string taskId, string[] usccs)
    {
        var staff = Settings.As(Department);
        var times = new ConcurrentBag<double>();
        int gatewayRetries = 0, clientRetries = 0, busy = 0, failed = 0;
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(usccs, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (uscc, ct) =>
        {
            var headers = new Metadata { staff[0], { "x-request-id", $"{taskId}-{uscc}" } };
            var request = new ResultEntryRequest
            {
                TaskId = taskId, DepartmentId = Department, Uscc = uscc,
                Entry = new ResultEntry
                {
                    CheckDates = { $"{Today:yyyy-MM-dd}" }, Methods = { CheckMethod.OnSite }, Categories = { ResultCategory.NoProblem },
                    Items = { new ItemOutcome { ItemId = Item, Checked = true } }, InspectorIds = { Inspectors },
                },
            };
            var began = Stopwatch.GetTimestamp();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var call = tasks.SubmitResultAsync(request, headers, DateTime.UtcNow.AddSeconds(30), ct);
                    await call.ResponseAsync;
                    if ((await call.ResponseHeadersAsync).GetValue("x-gateway-attempts") is { } sent && int.Parse(sent) > 1)
                        Interlocked.Add(ref gatewayRetries, int.Parse(sent) - 1);
                    break;
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Unavailable && attempt < 5)
                {
                    Interlocked.Increment(ref clientRetries);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && attempt < 50)
                {
                    // The gateway did not send it (the service is at capacity): again after the delay it asks for.
                    Interlocked.Increment(ref busy);
                    await Task.Delay(int.TryParse(e.Trailers.GetValue("grpc-retry-pushback-ms"), out var ms) ? ms : 1000, ct);
                }
                catch (RpcException e)
                {
                    Interlocked.Increment(ref failed);
                    Console.Error.WriteLine($"{uscc}: {e.StatusCode} {e.Status.Detail}");
                    break;
                }
            }
            times.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        });
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var sorted = times.Order().ToArray();
        return new Burst(usccs.Length / seconds, Settings.Percentile(sorted, 0.5), Settings.Percentile(sorted, 0.99),
            gatewayRetries, clientRetries, busy, failed);
    }

    /// <summary>Result streams of the task with a submission, and submissions in all, from the tasks service's event store.</summary>
    private static async Task<(int Stored, int Submissions)> CountAsync(NpgsqlDataSource db, string taskId)
    {
        await using var command = db.CreateCommand(
            "select count(distinct stream_id), count(*) from tasks.mt_events where type = 'result_submitted' and stream_id like $1");
        command.Parameters.Add(new NpgsqlParameter { Value = $"result:{taskId}:%" });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }
}
