namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// The clock of one test class's platform, shared by all its hosts: it starts at a chosen instant and runs at real speed
/// (so timers and background scans tick as usual), and a test may move it forward — past a draw's commit deadline, say.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly DateTimeOffset startedAt = System.GetUtcNow();
    private long offsetTicks = (start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock forward (never back: events already carry the times it gave).</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref offsetTicks, by.Ticks);
    }

    /// <summary>Moves the clock forward to <paramref name="instant"/>.</summary>
    public void AdvanceTo(DateTimeOffset instant) => Advance(instant - GetUtcNow());

    public override string ToString() => $"test clock at {GetUtcNow():O} (started {startedAt:O} real time)";
}
