using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Shuangsuiji.ServiceDefaults.EventStore;

/// <summary>
/// Creates a service's plain tables (beside its Marten schema) when the host starts: idempotent DDL, for the
/// tables a service keeps in SQL rather than as documents because of their size.
/// </summary>
public static class TableSetup
{
    // Not AddHostedService, which keeps one hosted service per type: a host sets up several sets of tables (the audit chain's and its own).
    public static IServiceCollection AddTableSetup(this IServiceCollection services, Func<IServiceProvider, (string Schema, string Statements)> ddl) =>
        services.AddSingleton<IHostedService>(sp => Runner(sp, ddl(sp)));

    /// <summary>The hosted service that runs the DDL, for a caller that registers it itself (to run before other hosted services).</summary>
    public static IHostedService Runner(IServiceProvider sp, (string Schema, string Statements) ddl) => new DdlRunner(sp.GetRequiredService<NpgsqlDataSource>(), ddl);

    private sealed class DdlRunner(NpgsqlDataSource db, (string Schema, string Statements) ddl) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var command = db.CreateCommand($"create schema if not exists {ddl.Schema};\n{ddl.Statements}");
                    await command.ExecuteNonQueryAsync(ct);
                    return;
                }
                // Hosts starting side by side on one database may race to create an extension or a schema.
                catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
                {
                    await Task.Delay(200 * attempt, ct);
                }
            }
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
