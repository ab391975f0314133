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
/// way PostgreSQL takes rows here. Memory of the directories host is sampled throughout.
/// </summary>
public static class ImportBench
{
    public static async Task<string> RunAsync(int rows)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ssyg-bench-entities-{rows}.csv");
        // A fixed seed gives the same file every run; another one (SSYG_BENCH_SEED) gives new entities rather than unchanged ones.
        var generator = new DirectoryGenerator(int.Parse(Settings.Env("SSYG_BENCH_SEED", "7")));
        var data = generator.Entities(rows).ToList();
        await File.WriteAllLinesAsync(file, data.Select(DirectoryGenerator.CsvLine).Prepend(DirectoryGenerator.CsvHeader), new UTF8Encoding(false));
        Console.WriteLine($"generated {rows:N0} rows ({new FileInfo(file).Length / (1 << 20)} MB) in {file}");

        var copy = await CopyBaselineAsync(data);
        Console.WriteLine($"baseline: COPY {copy:N0} rows/s");
        data.Clear();

        var (rate, job, rssStart, rssMax) = await ImportAsync(file);
        File.Delete(file);
        Console.WriteLine($"import: {job.Added:N0} added, {job.Changed:N0} changed, {job.Unchanged:N0} unchanged, {job.Rejected:N0} rejected; {rate:N0} rows/s");
        Console.WriteLine($"directories host memory: {rssStart} MB before, {rssMax} MB at most while importing");
        return $"bench import: rows={rows} rows_per_s={rate:F0} copy_rows_per_s={copy:F0} ratio={rate / copy:F2} rss_start_mb={rssStart} rss_max_mb={rssMax}";
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
