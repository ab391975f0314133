namespace Shuangsuiji.Draws.Drawing;

/// <summary>
/// The last few executed draws, in memory. An executed draw never changes (a re-draw is a new draw), so any host may
/// keep one as long as it likes; each department's matching then starts from the draw at hand instead of reading and
/// parsing its megabytes of picks again.
/// </summary>
public sealed class ExecutedDraws
{
    private const int Kept = 4;

    private readonly Dictionary<string, Draw> kept = [];
    private readonly Queue<string> order = new();

    public Draw? Find(string drawId)
    {
        lock (kept) return kept.GetValueOrDefault(drawId);
    }

    /// <summary>Keeps the draw if it has been executed; returns it either way.</summary>
    public Draw Keep(Draw draw)
    {
        if (draw.Executed is null) return draw;
        lock (kept)
        {
            if (kept.TryAdd(draw.DrawId, draw)) order.Enqueue(draw.DrawId);
            while (order.Count > Kept) kept.Remove(order.Dequeue());
        }
        return draw;
    }
}
