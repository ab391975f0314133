using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Grpc.Net.Client;
using MassTransit;
using Npgsql;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Contracts.Draws;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel;
using Shuangsuiji.ServiceDefaults.Messaging;
using PublicApi = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Bench;

/// <summary>
/// bench disclosure, two parts.
/// Lag: after a warm-up round the same size, a task of N drawn entities (default 6,000) has every result submitted, then, once the platform is quiet
/// (<see cref="Settings.QuietAsync"/>), approved at a steady 200 a second through the gateway; a reader polls the public export by cursor every 100 ms, as a subscriber would (every 10 ms it took a fifth of
/// the two cores from the platform it measured; the figures include up to 100 ms of its waiting), and notes when each result
/// appears. Lag is appearance minus the approval's answer: tasks service, relay, RabbitMQ, disclosure's consumer
/// and its export feed. Baseline in the same run: the bus alone — a message published at 200 a second and
/// consumed by this process.
/// Search: M public results (default 1,000,000; bench records published once on the bus with their names, as the tasks
/// service and the draw engine publish them, and kept), then, once the lag part's messages are all taken, 2,000 searches
/// by USCC at the gateway, 8 at a time. Baseline: the same lookups as one SQL query on the documents' USCC index.
/// </summary>
public static class DisclosureBench
{
    private const int ApprovalsPerSecond = 200;
    private const int Searches = 2_000;
    private const int PerTask = 50_000;

    public static async Task<string> RunAsync(int approvals, int records)
    {
        // The hosts have just started: the approval's path through the tasks service, the relay, the consumers and
        // the feed is compiled (and recompiled, hot) while the first approvals pass. A round the same size first, so
        // the figure is the steady load's; its own figures are printed for comparison.
        var (coldP50, coldP99, _) = await LagAsync(approvals);
        Console.WriteLine($"warm-up round, hosts just started: lag p50 {coldP50:F0} ms, p99 {coldP99:F0} ms");
        var (lagP50, lagP99, seen) = await LagAsync(approvals);
        var (busP50, busP99) = await BusAsync(approvals);
        Console.WriteLine($"lag, approval to export: p50 {lagP50:F0} ms, p99 {lagP99:F0} ms ({seen} of {approvals} seen); bus alone: p50 {busP50:F1} ms, p99 {busP99:F1} ms");

        var usccs = await LoadAsync(records);
        await Settings.QuietAsync(); // the lag part's messages all taken: the searches are timed on their own
        var (searchP50, searchP99) = await SearchAsync(usccs);
        var (sqlP50, sqlP99) = await SqlAsync(usccs);
        Console.WriteLine($"search by USCC at the gateway: p50 {searchP50:F1} ms, p99 {searchP99:F1} ms; SQL on the index: p50 {sqlP50:F2} ms, p99 {sqlP99:F2} ms");
        return $"bench disclosure: lag_p50_ms={lagP50:F0} lag_p99_ms={lagP99:F0} search_p99_ms={searchP99:F1} records={await CountAsync()} " +
               $"approvals_per_s={ApprovalsPerSecond} seen={seen}/{approvals} warmup_lag_p99_ms={coldP99:F0} bus_p99_ms={busP99:F1} lag_ratio={lagP99 / busP99:F1} " +
               $"search_p50_ms={searchP50:F1} sql_p99_ms={sqlP99:F2} search_ratio={searchP99 / sqlP99:F1}";
    }

    private static async Task<(double P50, double P99, int Seen)> LagAsync(int approvals)
    {
        var bus = Settings.Bus();
        await bus.StartAsync();
        using var gateway = GrpcChannel.ForAddress(Settings.GatewayGrpc);
        var tasks = new Tasks.TasksClient(gateway);
        var publicRecords = new PublicApi.PublicRecords.PublicRecordsClient(gateway);
        try
        {
            var (taskId, usccs) = await ResultsBench.CheckingTaskAsync(tasks, bus, $"BENCH-DL-{DateTime.UtcNow:MMddHHmmss}", approvals, 'L');
            var submitted = await ResultsBench.BurstAsync(tasks, taskId, usccs);
            // A steady state: every relay has sent, and every consumer taken, everything the submissions produced.
            var quiet = await Settings.QuietAsync();
            Console.WriteLine($"{usccs.Length:N0} results submitted ({submitted.PerSecond:F0}/s), all taken {quiet:F0} s later; approving {ApprovalsPerSecond}/s");

            // Where the export stands now: only what is approved from here on counts.
            var cursor = 0L;
            while (await ReadExportAsync(publicRecords, cursor) is { Count: > 0 } lines) cursor = lines[^1].Cursor;
            var approved = new ConcurrentDictionary<string, long>();
            var appeared = new ConcurrentDictionary<string, long>();
            using var stop = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var lines = await ReadExportAsync(publicRecords, cursor);
                    var now = Stopwatch.GetTimestamp();
                    foreach (var line in lines.Where(l => l.TaskId == taskId)) appeared.TryAdd(line.Uscc, now);
                    if (lines.Count > 0) cursor = lines[^1].Cursor;
                    else await Task.Delay(100);
                }
            });

            var reviewer = Settings.As(ResultsBench.Department, Roles.Reviewer);
            var start = Stopwatch.GetTimestamp();
            var inFlight = new List<Task>();
            for (var i = 0; i < usccs.Length; i++)
            {
                var due = start + (long)(i * Stopwatch.Frequency / (double)ApprovalsPerSecond);
                while (Stopwatch.GetTimestamp() < due) await Task.Delay(1);
                var uscc = usccs[i];
                inFlight.Add(Task.Run(async () =>
                {
                    await tasks.ApproveResultAsync(new ResultCommandRequest { TaskId = taskId, DepartmentId = ResultsBench.Department, Uscc = uscc }, reviewer);
                    approved[uscc] = Stopwatch.GetTimestamp();
                }));
            }
            await Task.WhenAll(inFlight);
            var rate = usccs.Length / Stopwatch.GetElapsedTime(start).TotalSeconds;
            for (var waited = 0; appeared.Count < usccs.Length && waited < 600; waited++) await Task.Delay(100);
            stop.Cancel();
            await reader;
            Console.WriteLine($"approved at {rate:F0}/s");
            var lags = usccs.Where(appeared.ContainsKey).Select(u => Math.Max(0, Stopwatch.GetElapsedTime(approved[u], appeared[u]).TotalMilliseconds)).Order().ToArray();
            return (Settings.Percentile(lags, 0.5), Settings.Percentile(lags, 0.99), lags.Length);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private sealed record Line(long Cursor, string TaskId, string Uscc);

    private static async Task<List<Line>> ReadExportAsync(PublicApi.PublicRecords.PublicRecordsClient records, long after)
    {
        var body = await records.ExportResultsAsync(new PublicApi.ExportPublicResultsRequest { After = after, Limit = 5_000 });
        return [.. body.Data.ToStringUtf8().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l =>
        {
            var json = JsonDocument.Parse(l).RootElement;
            return new Line(json.GetProperty("cursor").GetInt64(), json.GetProperty("taskId").GetString()!, json.GetProperty("uscc").GetString()!);
        })];
    }

    public sealed record BenchPing(int Number, long SentAt);

    /// <summary>The bus alone: the same rate of messages, published and consumed here.</summary>
    private static async Task<(double P50, double P99)> BusAsync(int messages)
    {
        var latencies = new ConcurrentBag<double>();
        var bus = Settings.Bus(rabbit => rabbit.ReceiveEndpoint($"bench-ping-{Guid.NewGuid():N}", e =>
        {
            e.AutoDelete = true;
            e.Handler<BenchPing>(context =>
            {
                latencies.Add(Stopwatch.GetElapsedTime(context.Message.SentAt).TotalMilliseconds);
                return Task.CompletedTask;
            });
        }));
        await bus.StartAsync();
        try
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < messages; i++)
            {
                var due = start + (long)(i * Stopwatch.Frequency / (double)ApprovalsPerSecond);
                while (Stopwatch.GetTimestamp() < due) await Task.Delay(1);
                await bus.Publish(new BenchPing(i, Stopwatch.GetTimestamp()));
            }
            for (var waited = 0; latencies.Count < messages && waited < 300; waited++) await Task.Delay(100);
            var sorted = latencies.Order().ToArray();
            return (Settings.Percentile(sorted, 0.5), Settings.Percentile(sorted, 0.99));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// Bench records up to <paramref name="total"/> public results (kept between runs), put on the bus as the services that
    /// own them publish them: tasks of <see cref="PerTask"/> drawn entities each, every one with the draw engine's
    /// TaskEntitiesDrawn (the entities' names) and the tasks service's TaskAnnounced, then a ResultPublished per entity,
    /// attributed to the department's reviewer as an approval is. Each message's id is made from what it is, so a run that
    /// publishes them again (after one stopped half-way) adds only what is missing: consumers skip a message id they took.
    /// The tasks service logs and ignores the draws of tasks it does not have.
    /// </summary>
    private static async Task<string[]> LoadAsync(int total)
    {
        var usccs = Enumerable.Range(0, total).Select(i => SocialCreditCode.WithCheck($"9113030SB{i:D8}")).ToArray();
        using (var gateway = GrpcChannel.ForAddress(Settings.GatewayGrpc))
        {
            var found = await new PublicApi.PublicRecords.PublicRecordsClient(gateway).SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Uscc = usccs[^1] });
            if (found.Results.Count > 0) return usccs;
        }
        var bus = Settings.Bus();
        await bus.StartAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            var at = DateTimeOffset.UtcNow;
            var (checkFrom, checkTo, published) = (new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 1));
            var scope = new PublicScope(["130302"], [], [], [], []);
            foreach (var (part, number) in usccs.Chunk(PerTask).Select((part, i) => (part, i + 1)))
            {
                var task = $"BENCH-DS-{number}";
                var draw = $"bench-draw-{number}";
                await PublishAsync(bus, $"{task}/drawn", new TaskEntitiesDrawn(draw, task, [ResultsBench.Department], part, null, at,
                    Names: [.. part.Select(u => new DrawnEntityName(u, $"秦皇岛压测企业{u[9..17]}有限公司", 1))]));
                await PublishAsync(bus, $"{task}/announced", new TaskAnnounced(task, "公示检索压力测试", [new PublicTaskDepartment(ResultsBench.Department, [ResultsBench.Item])],
                    scope, part.Length, checkFrom, checkTo, new(2026, 6, 29), draw, null, null, at));
                foreach (var uscc in part)
                    await PublishAsync(bus, $"{task}/{uscc}", new ResultPublished(task, ResultsBench.Department, uscc, [new PublicItemOutcome(ResultsBench.Item, true, false)],
                        ["no_problem"], [], checkFrom, checkTo, published, new(2026, 6, 29), at));
            }
            Console.WriteLine($"published {total:N0} public results and their names on the bus in {watch.Elapsed.TotalSeconds:F0} s, as the tasks service and the draw engine publish them");
            var taken = await Settings.QuietAsync(TimeSpan.FromHours(2));
            Console.WriteLine($"disclosure took them all {taken:F0} s later ({total / watch.Elapsed.TotalSeconds:N0} results/s)");
            return usccs;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static Task PublishAsync<T>(IBus bus, string name, T message) where T : class =>
        bus.Publish(message, context =>
        {
            context.MessageId = Settings.MessageId($"bench-disclosure/{name}");
            context.Headers.Set(RelayHeaders.User, $"bench-{ResultsBench.Department}");
            context.Headers.Set(RelayHeaders.Department, ResultsBench.Department);
            context.Headers.Set(RelayHeaders.Role, Roles.Reviewer);
        });

    private static async Task<long> CountAsync()
    {
        await using var db = NpgsqlDataSource.Create(Settings.Postgres("ssyg_disclosure"));
        await using var command = db.CreateCommand("select count(*) from disclosure.mt_doc_publicresult");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(double P50, double P99)> SearchAsync(string[] usccs)
    {
        using var gateway = GrpcChannel.ForAddress(Settings.GatewayGrpc);
        var records = new PublicApi.PublicRecords.PublicRecordsClient(gateway);
        var random = new Random(7);
        var picks = Enumerable.Range(0, Searches).Select(_ => usccs[random.Next(usccs.Length)]).ToArray();
        foreach (var u in picks.Take(100)) await records.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Uscc = u }); // warm up
        var times = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(picks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
        {
            var began = Stopwatch.GetTimestamp();
            var found = await records.SearchResultsAsync(new PublicApi.SearchPublicResultsRequest { Uscc = u }, cancellationToken: ct);
            times.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            if (found.Results.Count != 1) throw new InvalidOperationException($"{u}: {found.Results.Count} results");
        });
        var sorted = times.Order().ToArray();
        return (Settings.Percentile(sorted, 0.5), Settings.Percentile(sorted, 0.99));
    }

    private static async Task<(double P50, double P99)> SqlAsync(string[] usccs)
    {
        await using var db = NpgsqlDataSource.Create(Settings.Postgres("ssyg_disclosure"));
        var random = new Random(7);
        var picks = Enumerable.Range(0, Searches).Select(_ => usccs[random.Next(usccs.Length)]).ToArray();
        var times = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(picks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
        {
            var began = Stopwatch.GetTimestamp();
            await using var command = db.CreateCommand("select data from disclosure.mt_doc_publicresult where data ->> 'uscc' = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = u });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) { }
            times.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        });
        var sorted = times.Order().ToArray();
        return (Settings.Percentile(sorted, 0.5), Settings.Percentile(sorted, 0.99));
    }

}
