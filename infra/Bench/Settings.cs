using Grpc.Core;
using MassTransit;
using Shuangsuiji.Demo;
using Shuangsuiji.ServiceDefaults.Messaging;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Bench;

/// <summary>Where the platform runs: the variables infra/dev.sh exports.</summary>
public static class Settings
{
    public static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;

    public static string GatewayGrpc => $"http://127.0.0.1:{Env("SSYG_GATEWAY_GRPC_PORT", "55081")}";

    /// <summary>A bus on the instance's RabbitMQ, for a bench that publishes (or consumes) contract messages itself, as the services do.</summary>
    public static IBusControl Bus(Action<IRabbitMqBusFactoryConfigurator>? configure = null) => MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
    {
        rabbit.Host(new Uri($"amqp://{Env("SSYG_AMQP_USER", "ssyg")}:{Env("SSYG_AMQP_PASSWORD", "ssyg-dev")}@127.0.0.1:{Env("SSYG_AMQP_PORT", "55672")}/"));
        rabbit.UseCompactJson();
        configure?.Invoke(rabbit);
    });

    /// <summary>A message id made of a name: a message published again under the same name is taken once (consumers skip an id they took).</summary>
    public static Guid MessageId(string name) => new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name)));

    /// <summary>
    /// Waits until the platform is quiet — every service's bus relay and other subscriptions (the audit chain, the public
    /// feed) have read all its store holds, and every queue of the
    /// instance's RabbitMQ is empty (nothing ready, nothing being handled) and has stayed so for six seconds, the
    /// broker's statistics being five seconds apart — so a measurement does not share the machine with an earlier
    /// step's consumers. Returns the seconds until it was first seen quiet.
    /// </summary>
    public static async Task<double> QuietAsync(TimeSpan? atMost = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Env("SSYG_RABBIT_MGMT_PORT", "55673")}/") };
        http.DefaultRequestHeaders.Authorization = new("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Env("SSYG_AMQP_USER", "ssyg")}:{Env("SSYG_AMQP_PASSWORD", "ssyg-dev")}")));
        var stores = Services.Select(s => (Service: s, Db: Npgsql.NpgsqlDataSource.Create(Postgres($"ssyg_{s}")))).ToList();
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan? quietSince = null;
            while (watch.Elapsed < (atMost ?? TimeSpan.FromMinutes(10)))
            {
                using var queues = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/queues?columns=name,messages"));
                var waiting = queues.RootElement.EnumerateArray().Sum(q => q.TryGetProperty("messages", out var m) ? m.GetInt64() : 0);
                if (waiting > 0 || !await CaughtUpAsync(stores)) quietSince = null;
                else if ((quietSince ??= watch.Elapsed) < watch.Elapsed - TimeSpan.FromSeconds(6)) return quietSince.Value.TotalSeconds;
                await Task.Delay(500);
            }
            throw new TimeoutException($"the platform was not quiet after {watch.Elapsed.TotalSeconds:F0} s");
        }
        finally
        {
            foreach (var (_, db) in stores) await db.DisposeAsync();
        }
    }

    private static readonly string[] Services = ["directories", "catalog", "disclosure", "draws", "tasks", "supervision"];

    /// <summary>
    /// Whether each service's asynchronous work is done: its bus relay has sent every event of its store, and its projections
    /// (the disclosure's public records of a draw's hundreds of thousands of codes, say) have read them all.
    /// </summary>
    private static async Task<bool> CaughtUpAsync(IEnumerable<(string Service, Npgsql.NpgsqlDataSource Db)> stores)
    {
        foreach (var (service, db) in stores)
        {
            await using var command = db.CreateCommand($"""
                select coalesce((select min(last_seq_id) from {service}.mt_event_progression where name like '%:All')
                    >= (select coalesce(max(seq_id), 0) from {service}.mt_events), true)
                """);
            if (!(bool)(await command.ExecuteScalarAsync())!) return false;
        }
        return true;
    }

    /// <summary>The value below which a share <paramref name="p"/> of the sorted times lie (p99: 0.99).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(sorted.Count * p) - 1)];

    public static string Postgres(string database) =>
        $"Host=127.0.0.1;Port={Env("SSYG_PG_PORT", "55432")};Username={Env("SSYG_PG_USER", "ssyg")};Password={Env("SSYG_PG_PASSWORD", "ssyg-dev")};Database={database}";

    public static Metadata As(string department, string role = Roles.Staff) => DevelopmentTokens.As($"bench-{department}", department, role);

    /// <summary>Resident memory of a platform host, from its pid file.</summary>
    public static long? RssMegabytes(string host)
    {
        var pidFile = Path.Combine(Env("SSYG_DATA", ""), "run", $"{host}.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid)) return null;
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:"));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
