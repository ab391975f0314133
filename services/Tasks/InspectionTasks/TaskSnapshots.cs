using System.Collections.Concurrent;
using Marten;

namespace Shuangsuiji.Tasks.InspectionTasks;

/// <summary>
/// Every result command reads its task, and a task's snapshot holds all its drawn entities (ten thousand codes
/// make it hundreds of kilobytes to read and parse). The snapshots last read are kept by version: asking the
/// stream's version is one small query, and a task changes far less often than its results do. Snapshots are
/// immutable, so one instance serves every request.
/// </summary>
public sealed class TaskSnapshots
{
    private const int Kept = 256;
    private readonly ConcurrentDictionary<string, InspectionTask> latest = new();

    public async Task<InspectionTask?> LoadAsync(IQuerySession session, string taskId, CancellationToken ct)
    {
        var id = InspectionTask.StreamId(taskId);
        if (await session.Events.FetchStreamStateAsync(id, ct) is not { } stream) return null;
        if (latest.TryGetValue(id, out var kept) && kept.Version == stream.Version) return kept;
        var task = await session.LoadAsync<InspectionTask>(id, ct);
        if (task is null) return null;
        if (latest.Count >= Kept) latest.Clear(); // crude, but bounded: the busy tasks are read again at once
        latest[id] = task;
        return task;
    }
}
