using Npgsql;

namespace Shuangsuiji.Directories.Entities;

/// <summary>Creates the entity table and its indexes at start-up if they are missing (idempotent DDL).</summary>
public sealed class EntityTableSetup(NpgsqlDataSource db, EntityTable table) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = db.CreateCommand($"create schema if not exists {table.Schema};\n{table.CreateStatements}");
                await command.ExecuteNonQueryAsync(ct);
                return;
            }
            // Hosts starting side by side on one database may race to create the extension or schema.
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateObject)
            {
                await Task.Delay(200 * attempt, ct);
            }
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
