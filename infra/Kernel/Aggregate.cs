namespace Shuangsuiji.Kernel;

/// <summary>
/// State rebuilt from a stream's events by a pure <see cref="When"/>. <see cref="Version"/> is the number of
/// events applied, set by <see cref="Aggregate"/>, so clients can send it back as their expected version.
/// </summary>
public interface IAggregate<TSelf> where TSelf : class, IAggregate<TSelf>
{
    long Version { get; set; }

    static abstract TSelf When(TSelf? state, object @event);
}

public static class Aggregate
{
    public static TState Apply<TState>(TState? state, object @event) where TState : class, IAggregate<TState>
    {
        var next = TState.When(state, @event);
        next.Version = (state?.Version ?? 0) + 1;
        return next;
    }

    public static TState? Fold<TState>(TState? state, IEnumerable<object> events) where TState : class, IAggregate<TState> =>
        events.Aggregate(state, Apply);
}
