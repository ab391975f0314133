using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Shuangsuiji.ServiceDefaults.EventStore;

namespace Shuangsuiji.ServiceDefaults;

/// <summary>
/// Which host of a service runs a <see cref="PeriodicScan"/>: the one holding a PostgreSQL advisory lock named after the
/// store and the scan, on a connection it keeps open. The others try again at each of their ticks, so when the holder
/// stops (or dies, and PostgreSQL closes its connection) another host scans from its next tick on. A holder checks its
/// connection before each scan; after a database restart it has lost the lock and asks for it again like the others.
/// <paramref name="db"/> does not pool its connections: closing one ends its session, and with it the lock, whatever
/// state a cancelled command left it in.
/// </summary>
public sealed class ScanLeadership(NpgsqlDataSource db, string name) : IAsyncDisposable
{
    private readonly long key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"scan:{name}")));
    private NpgsqlConnection? held;

    /// <summary>Whether this host holds the lock now, taking it if it is free.</summary>
    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        if (held is not null)
        {
            try
            {
                await using var ping = new NpgsqlCommand("select 1", held);
                await ping.ExecuteScalarAsync(ct);
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                await DropAsync();
            }
        }
        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var take = new NpgsqlCommand("select pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
            if (await take.ExecuteScalarAsync(ct) is true)
            {
                (held, connection) = (connection, null);
                return true;
            }
            return false;
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(DropAsync());

    private async Task DropAsync()
    {
        var connection = held;
        held = null;
        if (connection is not null) await connection.DisposeAsync();
    }

    /// <summary>
    /// The connections a host holds its leaderships on: unpooled, on the store's database, named after the service so that
    /// an operator sees in pg_stat_activity which host leads.
    /// </summary>
    public static NpgsqlDataSource LockConnections(string connectionString, string service) =>
        new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { Pooling = false, ApplicationName = $"{service} scan leadership" } }.Build();

    /// <summary>Gives each of the host's scans that are not <see cref="PeriodicScan.OnEveryHost"/> its leadership, before they start.</summary>
    internal sealed class Binding(IServiceProvider services, IConfiguration config, EventStoreName store) : IHostedService, IAsyncDisposable
    {
        private NpgsqlDataSource? locks;

        public Task StartAsync(CancellationToken ct)
        {
            var scans = services.GetServices<IHostedService>().OfType<PeriodicScan>().Where(s => !s.OnEveryHost).ToList();
            if (scans.Count == 0) return Task.CompletedTask;
            locks = LockConnections(config.GetConnectionString("Postgres")!, store.Service);
            foreach (var scan in scans) scan.Leadership = new ScanLeadership(locks, $"{store.Schema}:{scan.GetType().FullName}");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

        public ValueTask DisposeAsync() => locks?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
