using Marten;

namespace Shuangsuiji.Directories.Entities;

/// <summary>How a change to one entity starts, whether a person or a message asks for it.</summary>
public static class EntityCommands
{
    public static string StreamId(string uscc) => $"entity:{uscc}";

    /// <summary>
    /// Opens the session's transaction, takes the entity's lock stripe (imports take the same stripes), and reads the
    /// entity as it stands; the caller decides and appends in that transaction.
    /// </summary>
    public static async Task<MarketEntity?> LockAndLoadAsync(IDocumentSession session, EntityTable table, string uscc, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await DirectoryLocks.LockAsync(session.Connection!, [DirectoryLocks.StripeOf(uscc)], ct);
        return await table.LoadAsync(session.Connection!, uscc, ct);
    }
}
