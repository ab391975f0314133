namespace Shuangsuiji.Gateway.Resilience;

/// <summary>
/// How many calls to one service may be sent again: over the last ten seconds at most <paramref name="percent"/> % of the
/// calls made, plus <paramref name="minimum"/> whatever the traffic (so a quiet gateway still retries). Like gRPC's retry
/// throttling: a service slowed by a burst gets about a tenth more work from retries, not as many attempts again as the
/// burst had calls.
/// </summary>
public sealed class RetryBudget(TimeProvider clock, int percent, int minimum)
{
    private const int WindowSeconds = 10;

    private readonly (long Second, int Calls, int Retries)[] seconds = new (long, int, int)[WindowSeconds];

    public void Call()
    {
        lock (seconds) Now().Calls++;
    }

    /// <summary>Takes one retry from the budget, if it has one left.</summary>
    public bool TryRetry()
    {
        lock (seconds)
        {
            if (!HasRetry()) return false;
            Now().Retries++;
            return true;
        }
    }

    public bool CanRetry
    {
        get
        {
            lock (seconds) return HasRetry();
        }
    }

    private bool HasRetry()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var (calls, retries) = (0L, 0L);
        foreach (var s in seconds)
            if (s.Second > now - WindowSeconds)
                (calls, retries) = (calls + s.Calls, retries + s.Retries);
        return retries * 100 < minimum * 100L + calls * percent;
    }

    private ref (long Second, int Calls, int Retries) Now()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        ref var second = ref seconds[now % WindowSeconds];
        if (second.Second != now) second = (now, 0, 0);
        return ref second;
    }
}
