using System.Diagnostics;
using Grpc.Net.Client;
using MassTransit;
using Npgsql;
using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Contracts.Directories;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Bench;

/// <summary>
/// bench draw: the draw engine over N candidates (default 10,000,000) in four risk-class strata, 3 % of each drawn,
/// with exclusions (deregistered entities, entities inspected for the item within 12 months). Measures:
/// - apply: 1,000,000 entity changes (by default) published on RabbitMQ as the directories publish them (MarketEntitiesChanged,
///   1,000 entities a message) until all are in the engine's table;
/// - draw: prepare (candidates placed, hashed, draw stored) plus execute (seed, samples, result stored), warm, timed
///   (each draw of a task of its own in the tasks service; the commit deadline's wait and the office's public value between
///   the two are not timed)
///   at the engine's own gRPC port, the median of three draws; the baseline in the same run is PostgreSQL drawing the same strata from the same
///   table with <c>ORDER BY random() LIMIT k</c>, which is neither canonical nor verifiable, only the obvious way;
/// - match: the three departments of the joint draw each matching their inspectors (2,000 in all) to the drawn entities,
///   one after the other, each on a quiet platform (the bus's queues empty): the tasks service taking in the previous
///   department's teams is not part of the next one's matching; how long it takes after the last is reported (teams_taken_s).
/// Every step starts once the queues are empty, so what the instance was still doing (the demo, an earlier run) is not timed.
/// The candidates beyond the last million are published on RabbitMQ the first time, as the directories publish an import
/// (setup, not measured), and stay in the bench instance.
/// </summary>
public static class DrawBench
{
    private const int PerMessage = 1_000;
    private const int PerImportBatch = 5_000;
    private const int DrawsTimed = 3;
    private const int Inspectors = 2_000;
    private const string Item = "130300-AMR:QHDSC-002";
    private const string Office = "130300-OFFICE";
    private static readonly string[] Departments = ["130300-AMR", "130300-EEB", "130300-EMB"];
    private static readonly string[] Divisions = ["130302", "130303", "130304", "130306", "130321", "130322", "130324"];
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <param name="changes">entity changes applied from RabbitMQ: the last ones of the candidates (their first run adds them)</param>
    public static async Task<string> RunAsync(int candidates, int changes)
    {
        await using var db = NpgsqlDataSource.Create(Settings.Postgres("ssyg_draws"));
        var bus = Settings.Bus();
        await bus.StartAsync();
        try
        {
            await SeedAsync(db, bus, candidates - changes);
            // What the instance was still doing (the demo, a previous run's teams) is done before anything is timed.
            await Settings.QuietAsync();
            var applyPerSecond = await ApplyAsync(db, bus, candidates - changes, changes);
            await PublishInspectorsAsync(bus);

            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Settings.Env("SSYG_DRAWS_GRPC_PORT", "55141")}",
                new GrpcChannelOptions { MaxReceiveMessageSize = 256 << 20 });
            var draws = new Api.Draws.V1.Draws.DrawsClient(channel);
            using var gateway = GrpcChannel.ForAddress(Settings.GatewayGrpc);
            var tasks = new Api.Tasks.V1.Tasks.TasksClient(gateway);
            var preview = await draws.PreviewDrawAsync(Request("bench-preview"), Settings.As(Departments[0]));
            for (var waited = 0; preview.KnownInspectors.Values.Sum() < Inspectors && waited < 120; waited++)
            {
                await Task.Delay(500);
                preview = await draws.PreviewDrawAsync(Request("bench-preview"), Settings.As(Departments[0]));
            }
            var total = preview.Strata.Sum(s => s.CandidateCount) + preview.Exclusions.Values.Sum();
            Console.WriteLine($"{total:N0} candidates in scope: {string.Join(", ", preview.Strata.Select(s => $"{s.Label} {s.CandidateCount:N0}"))}; " +
                $"excluded {string.Join(", ", preview.Exclusions.Select(e => $"{e.Key} {e.Value:N0}"))}; inspectors known " +
                string.Join(", ", preview.KnownInspectors.Select(k => $"{k.Key} {k.Value}")));

            await DrawAsync(draws, await ReadyTaskAsync(tasks, "warmup")); // JIT, caches, the first placement
            // Three draws, each on a quiet platform; the one of median time is reported (one draw's time varies with
            // when the collector runs: a draw allocates its lists, hundreds of megabytes).
            var timed = new List<(double Prepare, double Execute, Draw Executed)>();
            for (var run = 1; run <= DrawsTimed; run++)
            {
                var task = await ReadyTaskAsync(tasks, $"{run}");
                await Settings.QuietAsync();
                var (prepare, execute, done) = await DrawAsync(draws, task);
                timed.Add((prepare, execute, done));
                Console.WriteLine($"engine, draw {run}: prepare {prepare:F3} s, execute {execute:F3} s, {done.Strata.Sum(s => s.Drawn):N0} drawn");
            }
            var (prepareSeconds, executeSeconds, executed) = timed.OrderBy(t => t.Prepare + t.Execute).ElementAt(DrawsTimed / 2);
            var drawn = executed.Strata.Sum(s => s.Drawn);
            var reading = Stopwatch.StartNew();
            await draws.GetDrawAsync(new GetDrawRequest { DrawId = executed.DrawId }, Settings.As(Departments[0]));
            Console.WriteLine($"reading the executed draw back (its {drawn:N0} codes in the answer, nothing stored): {reading.Elapsed.TotalSeconds:F3} s");

            var pgSeconds = await BaselineAsync(db, preview);
            Console.WriteLine($"PostgreSQL ORDER BY random() LIMIT k, four strata: {pgSeconds:F3} s");

            var matchSeconds = 0.0;
            foreach (var department in Departments)
            {
                await Settings.QuietAsync();
                var start = Stopwatch.GetTimestamp();
                var matched = await draws.MatchInspectorsAsync(new MatchInspectorsRequest
                {
                    DrawId = executed.DrawId, DepartmentId = department, CheckFrom = Today.AddDays(7).ToString("yyyy-MM-dd"),
                    CheckTo = Today.AddDays(30).ToString("yyyy-MM-dd"), TeamSize = 1, WorkloadCap = 500,
                }, Settings.As(department));
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                matchSeconds += seconds;
                Console.WriteLine($"match {department}: {seconds:F3} s, {matched.Teams:N0} teams, {matched.Failures.Count:N0} failures");
            }
            var teamsSeconds = await Settings.QuietAsync();
            Console.WriteLine($"the tasks service held the last department's teams {teamsSeconds:F1} s after its matching answered");
            var drawSeconds = prepareSeconds + executeSeconds;
            return $"bench draw: candidates={total} drawn={drawn} draw_s={drawSeconds:F3} prepare_s={prepareSeconds:F3} execute_s={executeSeconds:F3} " +
                   $"pg_s={pgSeconds:F3} ratio={pgSeconds / drawSeconds:F1} match_s={matchSeconds:F3} apply_per_s={applyPerSecond:F0} teams_taken_s={teamsSeconds:F1}";
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static PrepareDrawRequest Request(string task) => new()
    {
        TaskId = task, DepartmentIds = { Departments }, ItemIds = { Item },
        Strata = { "ABCD".Select(c => new Stratum { Label = $"{c}", RiskClasses = { $"{c}" }, Percent = 3 }) },
        PublicRandomness = new PublicRandomness { Source = "bench beacon", Round = task },
        CommitDeadline = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddSeconds(3)),
    };

    /// <summary>A joint task of the three departments over the city, 3 % of each class, approved and its partners confirmed.</summary>
    private static async Task<string> ReadyTaskAsync(Api.Tasks.V1.Tasks.TasksClient tasks, string name)
    {
        var id = $"bench-{DateTime.UtcNow:yyyyMMddHHmmss}-{name}";
        var lead = Settings.As(Departments[0]);
        await tasks.CreateTaskAsync(new Api.Tasks.V1.CreateTaskRequest
        {
            TaskId = id, DepartmentId = Departments[0], Name = "bench draw", Items = { Item }, Reason = "bench",
            Scope = new Api.Tasks.V1.PlanScope { Divisions = { "1303" } },
            Quotas = { "ABCD".Select(c => new Api.Tasks.V1.RiskQuota { RiskClass = $"{c}", Percent = 3 }) },
            CheckFrom = Today.AddDays(7).ToString("yyyy-MM-dd"), CheckTo = Today.AddDays(30).ToString("yyyy-MM-dd"),
        }, lead);
        foreach (var partner in Departments.Skip(1))
        {
            await tasks.InviteDepartmentAsync(new Api.Tasks.V1.InviteDepartmentRequest { TaskId = id, DepartmentId = partner, Items = { $"{partner}:BENCH-001" } }, lead);
            await tasks.AcceptInvitationAsync(new Api.Tasks.V1.InvitationRequest { TaskId = id, DepartmentId = partner }, Settings.As(partner));
        }
        await tasks.ApproveTaskAsync(new Api.Tasks.V1.TaskCommandRequest { TaskId = id }, Settings.As(Departments[0], Roles.Reviewer));
        await tasks.ConfirmPartnersAsync(new Api.Tasks.V1.TaskCommandRequest { TaskId = id }, lead);
        return id;
    }

    private static async Task<(double Prepare, double Execute, Draw Executed)> DrawAsync(Api.Draws.V1.Draws.DrawsClient draws, string task)
    {
        var start = Stopwatch.GetTimestamp();
        var prepared = await draws.PrepareDrawAsync(Request(task), Settings.As(Departments[0]));
        var prepare = Stopwatch.GetElapsedTime(start).TotalSeconds;
        foreach (var department in Departments)
            await draws.CommitSecretAsync(new CommitSecretRequest { DrawId = prepared.DrawId, Party = department, Generate = true }, Settings.As(department));
        // The office enters the public value once commitments have closed.
        var closing = prepared.CommitDeadline.ToDateTime() - DateTime.UtcNow + TimeSpan.FromMilliseconds(200);
        if (closing > TimeSpan.Zero) await Task.Delay(closing);
        await draws.RecordPublicValueAsync(new RecordPublicValueRequest { DrawId = prepared.DrawId, Value = Guid.NewGuid().ToString("N") },
            Settings.As(Office, Roles.Supervisor));
        start = Stopwatch.GetTimestamp();
        var executed = await draws.ExecuteDrawAsync(new ExecuteDrawRequest { DrawId = prepared.DrawId }, Settings.As(Departments[0]));
        return (prepare, Stopwatch.GetElapsedTime(start).TotalSeconds, executed);
    }

    /// <summary>Each stratum drawn by PostgreSQL from the same table with the same scope and exclusions.</summary>
    private static async Task<double> BaselineAsync(NpgsqlDataSource db, Draw preview)
    {
        await using var connection = await db.OpenConnectionAsync();
        var start = Stopwatch.GetTimestamp();
        foreach (var stratum in preview.Strata)
        {
            await using var command = new NpgsqlCommand("""
                select c.uscc from draws.candidates c
                where c.division like '1303%' and c.status = 'active' and c.risk_class = $1
                  and not exists (select 1 from draws.inspections i where i.uscc = c.uscc and i.item_id = $2 and i.inspected_on >= $3)
                order by random() limit $4
                """, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = stratum.Label });
            command.Parameters.Add(new NpgsqlParameter { Value = Item });
            command.Parameters.Add(new NpgsqlParameter { Value = Today.AddMonths(-12) });
            command.Parameters.Add(new NpgsqlParameter { Value = stratum.Asked });
            var rows = 0;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows++;
            if (rows != stratum.Asked) throw new InvalidOperationException($"PostgreSQL drew {rows} of stratum {stratum.Label}, not {stratum.Asked}");
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>The i-th generated candidate: spread over the city's divisions; classes A 40 %, B 35 %, C 17 %, D 5 %, none 3 %; 5 % deregistered.</summary>
    private static MarketEntityInfo Candidate(long i, long version)
    {
        var h = unchecked((ulong)i * 0x9E3779B97F4A7C15UL) >> 11;
        var classRoll = (int)(h % 100);
        var riskClass = classRoll < 40 ? "A" : classRoll < 75 ? "B" : classRoll < 92 ? "C" : classRoll < 97 ? "D" : null;
        // A change moves the entity one class along, so applying it is a real change.
        if (version > 1 && riskClass is not null) riskClass = $"{"ABCD"[("ABCD".IndexOf(riskClass[0]) + (int)version) % 4]}";
        return new MarketEntityInfo(Uscc(i), "", (h >> 8) % 3 == 0 ? "individual_business" : "enterprise", (h >> 12) % 2 == 0 ? "F52" : "H62",
            Divisions[(int)((h >> 16) % (ulong)Divisions.Length)], (h >> 20) % 20 == 0 ? "deregistered" : "active", "130300-AMR", [],
            (h >> 24) % 4 == 0 ? ["130300-AMR/food_licensed"] : [], riskClass, null, version);
    }

    /// <summary>18 characters of a USCC's alphabet, unique per i (the check digit does not matter to the engine's copy).</summary>
    private static string Uscc(long i)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var chars = "9113030000000000".ToCharArray();
        for (var p = chars.Length - 1; p >= 6 && i > 0; p--, i /= alphabet.Length) chars[p] = alphabet[(int)(i % alphabet.Length)];
        return new string(chars) + "X1";
    }

    /// <summary>
    /// Candidates 0..n−1, and an earlier inspection of one in fifty, published once on RabbitMQ as the directories publish
    /// an import (<see cref="PerImportBatch"/> entities a message) and the tasks service an inspection; they stay in the
    /// bench instance. Returns once the engine has applied them all (the platform is quiet).
    /// </summary>
    private static async Task SeedAsync(NpgsqlDataSource db, IBus bus, int n)
    {
        await using (var check = db.CreateCommand("select exists (select 1 from draws.candidates where uscc = $1)"))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = Uscc(n - 1) });
            if ((bool)(await check.ExecuteScalarAsync())!) return;
        }
        Console.WriteLine($"publishing {n:N0} generated candidates on RabbitMQ as the directories publish an import (once; they stay in the bench instance)...");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < n; i += PerImportBatch)
            await bus.Publish(new MarketEntitiesChanged([.. Enumerable.Range(i, Math.Min(PerImportBatch, n - i)).Select(k => Candidate(k, 1))], "imported",
                DateTimeOffset.UtcNow));
        var inspections = 0;
        for (var i = 0L; i < n; i++)
        {
            if (Inspection(i) is not { } inspected) continue;
            await bus.Publish(inspected);
            inspections++;
        }
        var published = watch.Elapsed.TotalSeconds;
        await Settings.QuietAsync(TimeSpan.FromHours(2));
        Console.WriteLine($"published in {published:F0} s with {inspections:N0} inspections; all applied {watch.Elapsed.TotalSeconds:F0} s after the first " +
            $"({n / watch.Elapsed.TotalSeconds:N0} candidates/s)");
    }

    /// <summary>The i-th candidate's earlier inspection for the item, for one in fifty: within the last two years, so some fall in the 12 months that exclude it.</summary>
    private static EntityInspected? Inspection(long i)
    {
        var h = unchecked((ulong)i * 0xD1B54A32D192ED03UL) >> 7;
        return h % 50 == 0 ? new EntityInspected(Uscc(i), Item, Today.AddDays(-(int)(h / 50 % 700)), "bench-earlier", []) : null;
    }

    /// <summary>Publishes changes of candidates from..from+n−1 (new the first time, a class change after) and waits until all are applied.</summary>
    private static async Task<double> ApplyAsync(NpgsqlDataSource db, IBus bus, int from, int n)
    {
        long version;
        await using (var state = db.CreateCommand("select coalesce(max(version), 0) from draws.candidates where uscc >= $1 and uscc < $2"))
        {
            state.Parameters.Add(new NpgsqlParameter { Value = Uscc(from) });
            state.Parameters.Add(new NpgsqlParameter { Value = Uscc(from + n) });
            await using var reader = await state.ExecuteReaderAsync();
            await reader.ReadAsync();
            version = reader.GetInt64(0) + 1;
        }
        long seqBefore;
        await using (var last = db.CreateCommand("select coalesce(max(seq), 0) from draws.candidates")) seqBefore = (long)(await last.ExecuteScalarAsync())!;
        Console.WriteLine($"applying {n:N0} entity changes (version {version}) published on RabbitMQ, {PerMessage:N0} a message...");
        var start = Stopwatch.GetTimestamp();
        var firsts = new List<string>();
        for (var i = from; i < from + n; i += PerMessage)
        {
            var batch = Enumerable.Range(i, Math.Min(PerMessage, from + n - i)).Select(k => Candidate(k, version)).ToList();
            await bus.Publish(new MarketEntitiesChanged(batch, version == 1 ? "registered" : "risk-class-changed", DateTimeOffset.UtcNow));
            firsts.Add(batch[0].Uscc);
        }
        var published = Stopwatch.GetElapsedTime(start).TotalSeconds;
        // A message is applied in one transaction, so its first entity says whether it is. Each poll asks for the oldest
        // messages not yet seen applied: a few lookups by key (counting the changed rows read a million of them every time).
        var waiting = firsts.ToList();
        await using (var applied = db.CreateCommand("select uscc from draws.candidates where uscc = any($1) and version >= $2"))
        {
            for (var waited = Stopwatch.StartNew(); waiting.Count > 0; await Task.Delay(100))
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(10)) throw new TimeoutException($"{waiting.Count} of {firsts.Count} messages not applied after 10 minutes");
                applied.Parameters.Clear();
                applied.Parameters.Add(new NpgsqlParameter { Value = waiting.Take(64).ToArray() });
                applied.Parameters.Add(new NpgsqlParameter { Value = version });
                var done = new HashSet<string>();
                await using (var reader = await applied.ExecuteReaderAsync())
                    while (await reader.ReadAsync()) done.Add(reader.GetString(0));
                waiting.RemoveAll(done.Contains);
            }
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"published in {published:F1} s, all applied in {seconds:F1} s: {n / seconds:N0} changes/s, {n / PerMessage / seconds:N0} messages/s");
        await using (var count = db.CreateCommand("select count(*) from draws.candidates where seq > $1"))
        {
            count.Parameters.Add(new NpgsqlParameter { Value = seqBefore });
            if ((long)(await count.ExecuteScalarAsync())! is var changed && changed < n)
                throw new InvalidOperationException($"every message's first entity is applied, but only {changed:N0} of {n:N0} changes");
        }
        return n / seconds;
    }

    /// <summary>2,000 active inspectors with valid certificates across the three departments (each version once; repeats are ignored).</summary>
    private static async Task PublishInspectorsAsync(IBus bus)
    {
        for (var i = 0; i < Inspectors; i++)
        {
            var department = Departments[i % Departments.Length];
            await bus.Publish(new InspectorChanged($"BENCH-{i:D4}", department, $"检查员{i}", null, "active", new DateOnly(2020, 1, 1),
                new DateOnly(2035, 12, 31), "130300", [], [], 1, DateTimeOffset.UtcNow));
        }
    }
}
