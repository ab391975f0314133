using Shuangsuiji.ServiceDefaults.EventStore;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Domain.Tests;

/// <summary>Given(events) / When(command) / Then(events) helpers for the pure deciders.</summary>
public static class Given
{
    public static readonly DateTimeOffset Now = new(2022, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    public static CommandContext As(string department, string role = Roles.Staff) =>
        new(new Caller($"{role}-{department}", department, role), "corr-1", "cause-1", Now);

    public static TState State<TState>(params object[] events) where TState : class, IAggregate<TState> =>
        Aggregate.Fold<TState>(null, events) ?? throw new InvalidOperationException("no events");

    public static TEvent Single<TEvent>(IReadOnlyList<object> events) => Assert.IsType<TEvent>(Assert.Single(events));
}
