using System.Data;
using Npgsql;
using Shuangsuiji.AuditTrail;
using Shuangsuiji.AuditTrail.Checkpoints;

namespace Shuangsuiji.Audit;

/// <summary>What to check the stores against besides their chains: a signed head (a file or an address), and the key to pin.</summary>
public sealed record CheckpointCheck(string Source, string? KeyFile = null);

/// <summary>
/// <c>verify [--checkpoint FILE|URL [--key FILE]] SERVICE[/SCHEMA]=CONNECTION_STRING ...</c>: verifies each store and prints
/// every break as "service stream version: problem"; then, given a signed head, its signature and the stores against it
/// (<see cref="CheckpointVerifier"/>). Exit status 0 with a one-line summary when all holds, 1 on any break, 2 when a
/// store or the head cannot be read.
/// </summary>
public static class VerifyCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> stores, TextWriter output, TextWriter errors, CancellationToken ct,
        CheckpointCheck? checkpoint = null)
    {
        var results = new List<StoreVerification>();
        var parsed = new Dictionary<string, (string Connection, AuditLog Log)>();
        foreach (var store in stores)
        {
            if (Parse(store) is not ({ } log, { } connectionString))
            {
                await errors.WriteLineAsync($"audit-verify: '{store}' is not SERVICE[/SCHEMA]=CONNECTION_STRING");
                return 2;
            }
            parsed[log.Service] = (connectionString, log);
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
            if (checkpoint is null) return 1;
        }
        else await output.WriteLineAsync($"audit-verify: every chain holds in {string.Join(", ", results.Select(r => r.Service))}: {checkedLine}");
        if (checkpoint is null) return 0;
        var against = await AgainstCheckpointAsync(checkpoint, parsed, output, errors, ct);
        return against == 0 && breaks.Count > 0 ? 1 : against;
    }

    /// <summary>The signed head's signature, then the stores' chain rows against its tree.</summary>
    private static async Task<int> AgainstCheckpointAsync(CheckpointCheck check, Dictionary<string, (string Connection, AuditLog Log)> stores,
        TextWriter output, TextWriter errors, CancellationToken ct)
    {
        SignedHead signed;
        string? pinned;
        try
        {
            signed = SignedHead.Parse(await ReadAsync(check.Source, ct));
            pinned = check.KeyFile is null ? null : await File.ReadAllTextAsync(check.KeyFile, ct);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or UnauthorizedAccessException or System.Text.Json.JsonException or FormatException)
        {
            await errors.WriteLineAsync($"audit-verify: cannot read the checkpoint {check.Source}{(check.KeyFile is null ? "" : $" or the key {check.KeyFile}")}: {e.Message}");
            return 2;
        }
        var head = signed.Head;
        if (signed.SignatureProblem(pinned) is { } refused)
        {
            await output.WriteLineAsync($"checkpoint: refused: {refused}");
            return 1;
        }
        if (!stores.TryGetValue("supervision", out var notary))
        {
            await errors.WriteLineAsync("audit-verify: --checkpoint needs the supervision store, which holds the notary's leaf table");
            return 2;
        }
        List<string> problems;
        try
        {
            problems = await CheckpointVerifier.VerifyAsync(head, notary.Connection, notary.Log, stores, ct);
        }
        catch (NpgsqlException e)
        {
            await errors.WriteLineAsync($"audit-verify: cannot read the stores against the checkpoint: {e.Message}");
            return 2;
        }
        foreach (var problem in problems) await output.WriteLineAsync(problem);
        var signedBy = $"the head of size {head.TreeSize} signed {TreeHead.TimeText(head.Time)} by key {head.KeyId} ({head.Algorithm})";
        if (problems.Count > 0)
        {
            await output.WriteLineAsync($"audit-verify: the stores differ from {signedBy} in {problems.Count} place(s)");
            return 1;
        }
        await output.WriteLineAsync($"audit-verify: the stores hold {signedBy}{(pinned is null ? "" : ", the pinned key")}");
        return 0;
    }

    private static async Task<string> ReadAsync(string source, CancellationToken ct)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return await File.ReadAllTextAsync(source, ct);
        using var http = new HttpClient();
        return await http.GetStringAsync(uri, ct);
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
