using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;
using Npgsql;
using NpgsqlTypes;
using Shuangsuiji.Api.Directories.V1;
using Shuangsuiji.Demo;

namespace Shuangsuiji.Bench;

/// <summary>
/// bench import: a generated CSV of N entities (default 1,000,000) streamed through the gateway into the
/// directories service, which validates every row, records the batches as events and keeps the entity table.
/// Baseline in the same run: binary COPY of the same rows into a plain table with a primary key, the fastest
/// way PostgreSQL takes rows here. Memory of the directories host is sampled throughout. The draw engine keeps its
/// own copy of the entities from the directories' messages and may still be applying them when the import ends:
/// the time until its candidate table holds every added or changed entity is reported beside the import's.
/// </summary>
public static class ImportBench
{
    public static async Task<string> RunAsync(int rows)
    {
        await Settings.QuietAsync(); // what the instance was still doing (the demo, an earlier run) is not timed
        var file = Path.Combine(Path.GetTempPath(), $"ssyg-bench-entities-{rows}.csv");
        // A fixed seed gives the same file every run; another one (SSYG_BENCH_SEED) gives new entities rather than unchanged ones.
        var generator = new DirectoryGenerator(int.Parse(Settings.Env("SSYG_BENCH_SEED", "7")));
        var data = generator.Entities(rows).ToList();
        await File.WriteAllLinesAsync(file, data.Select(DirectoryGenerator.CsvLine).Prepend(DirectoryGenerator.CsvHeader), new UTF8Encoding(false));
        Console.WriteLine($"generated {rows:N0} rows ({new FileInfo(file).Length / (1 << 20)} MB) in {file}");

        var copy = await CopyBaselineAsync(data);
        Console.WriteLine($"baseline: COPY {copy:N0} rows/s");
        data.Clear();

        await using var draws = NpgsqlDataSource.Create(Settings.Postgres("ssyg_draws"));
        var seqBefore = await LastCandidateSeqAsync(draws);
        var start = Stopwatch.GetTimestamp();
        var (rate, job, rssStart, rssMax) = await ImportAsync(file);
        var imported = Stopwatch.GetElapsedTime(start).TotalSeconds;
        File.Delete(file);
        Console.WriteLine($"import: {job.Added:N0} added, {job.Changed:N0} changed, {job.Unchanged:N0} unchanged, {job.Rejected:N0} rejected; {rate:N0} rows/s");
        Console.WriteLine($"directories host memory: {rssStart} MB before, {rssMax} MB at most while importing");
        await DrawsCaughtUpAsync(draws, seqBefore, job.Added + job.Changed);
        var caughtUp = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"draw engine: every added or changed entity in its candidate table {caughtUp:F1} s after the import started ({caughtUp - imported:F1} s after it ended)");
        return $"bench import: rows={rows} rows_per_s={rate:F0} copy_rows_per_s={copy:F0} ratio={rate / copy:F2} import_s={imported:F1} " +
            $"draws_caught_up_s={caughtUp:F1} rss_start_mb={rssStart} rss_max_mb={rssMax}";
    }

    private static async Task<long> LastCandidateSeqAsync(NpgsqlDataSource draws)
    {
        await using var last = draws.CreateCommand("select coalesce(max(seq), 0) from draws.candidates");
        return (long)(await last.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Waits until the draw engine applied a newer version of <paramref name="entities"/> entities than it held before
    /// the import (an import changes an entity once). Counts only what is new since the last look: it applies messages
    /// one at a time in sequence order, so what a look sees below the highest number it saw is complete.
    /// </summary>
    private static async Task DrawsCaughtUpAsync(NpgsqlDataSource draws, long seqBefore, long entities)
    {
        var (applied, seen) = (0L, seqBefore);
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(200))
        {
            await using (var count = draws.CreateCommand("select count(*), coalesce(max(seq), $1) from draws.candidates where seq > $1"))
            {
                count.Parameters.Add(new NpgsqlParameter { Value = seen });
                await using var reader = await count.ExecuteReaderAsync();
                await reader.ReadAsync();
                applied += reader.GetInt64(0);
                seen = reader.GetInt64(1);
            }
            if (applied >= entities) return;
            if (waited.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException($"the draw engine applied {applied:N0} of {entities:N0} entities in 10 minutes after the import");
        }
    }

    private static async Task<double> CopyBaselineAsync(IReadOnlyList<DirectoryGenerator.Row> data)
    {
        await using var db = NpgsqlDataSource.Create(Settings.Postgres("ssyg_directories"));
        await using (var create = db.CreateCommand("""
            drop table if exists public.bench_copy_baseline;
            create table public.bench_copy_baseline (uscc text primary key, name text, type text, industry text, division text,
                address text, status text, registering_authority text)
            """)) await create.ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await using (var connection = await db.OpenConnectionAsync())
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy public.bench_copy_baseline (uscc, name, type, industry, division, address, status, registering_authority) from stdin (format binary)"))
        {
            foreach (var r in data)
            {
                await writer.StartRowAsync();
                foreach (var value in new[] { r.Uscc, r.Name, r.Type, r.Industry, r.Division, r.Address, r.Status, r.Authority })
                    await writer.WriteAsync(value, NpgsqlDbType.Text);
            }
            await writer.CompleteAsync();
        }
        var rate = data.Count / watch.Elapsed.TotalSeconds;
        await using (var drop = db.CreateCommand("drop table public.bench_copy_baseline")) await drop.ExecuteNonQueryAsync();
        return rate;
    }

    private static async Task<(double Rate, ImportJob Job, long RssStart, long RssMax)> ImportAsync(string file)
    {
        var rssStart = Settings.RssMegabytes("directories") ?? 0;
        var rssMax = rssStart;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                rssMax = Math.Max(rssMax, Settings.RssMegabytes("directories") ?? 0);
                await Task.Delay(250);
            }
        });
        var (rate, job) = await UploadAsync(Path.GetFileName(file), async write =>
        {
            await using var stream = File.OpenRead(file);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) await write(buffer.AsMemory(0, read));
        });
        sampling.Cancel();
        await sampler;
        return (rate, job, rssStart, rssMax);
    }

    /// <summary>Streams a CSV of entities through the gateway as the city bureau (which keeps the county bureaus' entities).</summary>
    public static async Task<(double Rate, ImportJob Job)> UploadAsync(string fileName, Func<Func<ReadOnlyMemory<byte>, Task>, Task> writeFile)
    {
        using var channel = GrpcChannel.ForAddress(Settings.GatewayGrpc, new GrpcChannelOptions { MaxReceiveMessageSize = 16 << 20 });
        var reported = 0L;
        var watch = Stopwatch.StartNew();
        var (job, took) = await ImportUpload.RunAsync(channel, Settings.As("130300-AMR"), "130300-AMR", ImportKind.Entities, fileName, writeFile, progress =>
        {
            if (progress.Read / 100_000 <= reported) return;
            reported = progress.Read / 100_000;
            Console.WriteLine($"  {progress.Read:N0} rows, {watch.Elapsed.TotalSeconds:F1} s");
        });
        return (job.Read / took.TotalSeconds, job);
    }
}
