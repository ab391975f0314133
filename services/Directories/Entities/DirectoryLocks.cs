using Npgsql;

namespace Shuangsuiji.Directories.Entities;

/// <summary>
/// Entity writes (import batches and single commands) decide against rows no one else is changing: every
/// entity belongs to one of <see cref="Stripes"/> lock stripes by its code, and a writer holds the stripes of
/// its rows for its transaction. Import workers each take a disjoint set of stripes, so they run in parallel;
/// a second import or a command on the same stripes waits its turn. Locks are taken in ascending order: no deadlock.
/// </summary>
public static class DirectoryLocks
{
    public const int Stripes = 16;
    private const int Namespace = 0x53_53_59_47; // "SSYG": keeps these advisory locks apart from any others

    /// <summary>FNV-1a of the code: the same stripe in every process, unlike string.GetHashCode.</summary>
    public static int StripeOf(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key) hash = (hash ^ c) * 16777619u;
        return (int)(hash % Stripes);
    }

    /// <summary>The stripes import worker <paramref name="worker"/> of <paramref name="workers"/> owns.</summary>
    public static IEnumerable<int> OfWorker(int worker, int workers) => Enumerable.Range(0, Stripes).Where(s => s % workers == worker);

    public static async Task LockAsync(NpgsqlConnection connection, IEnumerable<int> stripes, CancellationToken ct)
    {
        // One statement per stripe, run in order in one round trip.
        var sql = string.Concat(stripes.Distinct().Order().Select(s => $"select pg_advisory_xact_lock({Namespace}, {s});"));
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
