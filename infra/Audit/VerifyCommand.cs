using System.Data;
using Npgsql;
using Shuangsuiji.ServiceDefaults.Audit;

namespace Shuangsuiji.Audit;

/// <summary>
/// <c>verify SERVICE[/SCHEMA]=CONNECTION_STRING ...</c>: verifies each store and prints every break as "service stream
/// version: problem". Exit status 0 with a one-line summary when every chain holds, 1 on any break, 2 when a store
/// cannot be read.
/// </summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> stores, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        var results = new List<StoreVerification>();
        foreach (var store in stores)
        {
            if (Parse(store) is not ({ } log, { } connectionString))
            {
                await errors.WriteLineAsync($"audit-verify: '{store}' is not SERVICE[/SCHEMA]=CONNECTION_STRING");
                return 2;
            }
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
                results.Add(await ChainVerifier.VerifyAsync(connection, log, ct));
            }
            catch (Exception e) when (e is NpgsqlException or ArgumentException)
            {
                await errors.WriteLineAsync($"audit-verify: cannot read the {log.Service} store (schema {log.Schema}): {e.Message}");
                return 2;
            }
        }

        var breaks = results.SelectMany(r => r.Breaks).ToList();
        foreach (var found in breaks) await output.WriteLineAsync(found.ToString());
        var checkedLine = $"{results.Sum(r => r.Streams)} streams, {results.Sum(r => r.Events)} events checked"
            + (results.Sum(r => r.NotYetChained) is > 0 and var newer ? $" ({newer} newer events not chained yet)" : "");
        if (breaks.Count > 0)
        {
            await output.WriteLineAsync(
                $"audit-verify: {breaks.Count} break(s) in {string.Join(", ", breaks.Select(b => b.Service).Distinct())}; {checkedLine}");
            return 1;
        }
        await output.WriteLineAsync($"audit-verify: every chain holds in {string.Join(", ", results.Select(r => r.Service))}: {checkedLine}");
        return 0;
    }

    /// <summary>The schema defaults to the service's name, as the services' own configuration does.</summary>
    private static (AuditLog Log, string ConnectionString)? Parse(string store)
    {
        var at = store.IndexOf('=');
        var names = at > 0 ? store[..at].Split('/') : [];
        return names.Length is 1 or 2 && names.All(n => n.Length > 0)
            ? (new AuditLog(names[0], names[^1]), store[(at + 1)..])
            : null;
    }
}
