using System.Diagnostics;
using Grpc.Net.Client;
using Npgsql;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Demo;

namespace Shuangsuiji.Bench;

/// <summary>
/// bench lookup: one entity by USCC through the gateway (gRPC, authenticated, forwarded to the directories
/// service, read from PostgreSQL), with N entities in the directory (default 10,000,000). The directory is loaded
/// through the import path when it lacks the generated entities, and stays in the bench instance for the next
/// run. Baseline in the same run: the same lookups straight on PostgreSQL by primary key, the floor any service
/// in front of the table can reach.
/// </summary>
public static class LookupBench
{
    private const int Seed = 101; // apart from the import benchmark's seeds, whose entities also stay in the table
    private const int Lookups = 10_000;
    private const int Warmup = 1_000;

    public static async Task<string> RunAsync(int entities)
    {
        // One pass over the generated directory picks the codes to look up and the last one, which tells whether
        // an earlier run loaded them all (an import commits its batches in file order per worker, and ends complete).
        var sample = new List<string>();
        var random = new Random(Seed);
        var last = "";
        var seen = 0;
        foreach (var row in new DirectoryGenerator(Seed).Entities(entities))
        {
            // Reservoir sampling: every entity equally likely to be looked up, whatever the size.
            if (sample.Count < Lookups + Warmup) sample.Add(row.Uscc);
            else if (random.Next(seen + 1) is var slot && slot < sample.Count) sample[slot] = row.Uscc;
            last = row.Uscc;
            seen++;
        }

        await using var db = NpgsqlDataSource.Create(Settings.Postgres("ssyg_directories"));
        var loadSeconds = await EnsureLoadedAsync(db, entities, last);
        await using (var analyze = db.CreateCommand("analyze directories.market_entities")) await analyze.ExecuteNonQueryAsync();
        long total;
        await using (var count = db.CreateCommand("select count(*) from directories.market_entities"))
            total = (long)(await count.ExecuteScalarAsync())!;
        Console.WriteLine($"{total:N0} entities in the directory; {Lookups:N0} lookups of random ones after {Warmup:N0} to warm up");

        using var channel = GrpcChannel.ForAddress(Settings.GatewayGrpc);
        var client = new MarketEntities.MarketEntitiesClient(channel);
        var caller = Settings.As("130300-AMR");
        var viaGateway = await MeasureAsync(sample, async uscc =>
        {
            var found = await client.GetEntityAsync(new GetEntityRequest { Uscc = uscc }, caller);
            if (found.Uscc != uscc) throw new InvalidOperationException($"asked for {uscc}, got {found.Uscc}");
        });

        await using var connection = await db.OpenConnectionAsync();
        await using var select = new NpgsqlCommand("select * from directories.market_entities where uscc = $1", connection);
        select.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await select.PrepareAsync();
        var direct = await MeasureAsync(sample, async uscc =>
        {
            select.Parameters[0].Value = uscc;
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException($"{uscc} is not in the table");
        });
        Console.WriteLine($"gateway:    p50 {viaGateway.P50:F2} ms, p99 {viaGateway.P99:F2} ms, max {viaGateway.Max:F1} ms");
        Console.WriteLine($"PostgreSQL: p50 {direct.P50:F2} ms, p99 {direct.P99:F2} ms, max {direct.Max:F1} ms");
        return $"bench lookup: entities={total} p50_ms={viaGateway.P50:F2} p99_ms={viaGateway.P99:F2} db_p50_ms={direct.P50:F2} " +
               $"db_p99_ms={direct.P99:F2} ratio_p99={viaGateway.P99 / direct.P99:F1} load_s={loadSeconds:F0}";
    }

    /// <summary>
    /// Loads the <paramref name="entities"/> generated entities through the gateway's import unless an earlier run did
    /// (<paramref name="last"/>, the last generated one, is in the table). Returns the seconds the load took (0 when it was there).
    /// </summary>
    public static async Task<double> EnsureLoadedAsync(NpgsqlDataSource db, int entities, string? last = null)
    {
        last ??= new DirectoryGenerator(Seed).Entities(entities).Last().Uscc;
        if (await ExistsAsync(db, last))
        {
            Console.WriteLine($"the {entities:N0} generated entities are already loaded (from an earlier run)");
            return 0;
        }
        Console.WriteLine($"loading {entities:N0} generated entities through the gateway's import (seed {Seed})...");
        var watch = Stopwatch.StartNew();
        var (rate, job) = await ImportBench.UploadAsync($"lookup-{entities}.csv",
            ImportUpload.Csv(new DirectoryGenerator(Seed).Entities(entities).Select(DirectoryGenerator.CsvLine).Prepend(DirectoryGenerator.CsvHeader)));
        Console.WriteLine($"loaded: {job.Added:N0} added, {job.Unchanged:N0} already there, {job.Rejected:N0} rejected, in {watch.Elapsed.TotalSeconds:F0} s ({rate:N0} rows/s)");
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<bool> ExistsAsync(NpgsqlDataSource db, string uscc)
    {
        await using var command = db.CreateCommand("select exists (select 1 from directories.market_entities where uscc = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = uscc });
        try
        {
            return (bool)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static async Task<(double P50, double P99, double Max)> MeasureAsync(IReadOnlyList<string> sample, Func<string, Task> lookup)
    {
        foreach (var uscc in sample.Take(Warmup)) await lookup(uscc);
        var times = new List<double>(Lookups);
        foreach (var uscc in sample.Skip(Warmup))
        {
            var start = Stopwatch.GetTimestamp();
            await lookup(uscc);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        return (Settings.Percentile(times, 0.5), Settings.Percentile(times, 0.99), times[^1]);
    }
}
