using Marten;
using Shuangsuiji.Contracts.Tasks;
using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Disclosure.Results;

public sealed record PublicHandling(IReadOnlyList<PublicHandlingStep> Steps, DateOnly ClosedOn);

/// <summary>
/// A department's result for an entity of a task as published (stream "result:{task}:{department}:{uscc}"), and the
/// handling of a problem found once closed. The handling may arrive first: the record then waits for its result.
/// </summary>
public sealed record PublicResult(
    string Id, string TaskId, string DepartmentId, string Uscc, ResultPublished? Result, PublicHandling? Handling) : IAggregate<PublicResult>
{
    public long Version { get; set; }

    /// <summary>Published by its due date; null while that date is provisional (or unknown) and more than 20 calendar days have passed.</summary>
    public bool? OnTime => Result is { } r ? InTime(r.CheckedTo, r.PublishedOn, r.DueOn, r.DueOnProvisional) : null;

    public static bool? InTime(DateOnly checkedTo, DateOnly publishedOn, DateOnly? dueOn, bool provisional) =>
        WorkingDayCalendar.PublishedInTime(checkedTo, publishedOn, dueOn is { } due ? new Deadline(due, provisional) : null);

    public static string StreamId(string taskId, string departmentId, string uscc) => $"result:{taskId}:{departmentId}:{uscc}";

    public static PublicResult When(PublicResult? state, object @event) => (state, @event) switch
    {
        // Published again when a holiday notice moved its due date: the later fact holds the date in force.
        (_, ResultPublished e) => (state ?? New(e.TaskId, e.DepartmentId, e.Uscc)) with { Result = e },
        (_, HandlingPublished e) => (state ?? New(e.TaskId, e.DepartmentId, e.Uscc)) with { Handling = new PublicHandling(e.Steps, e.ClosedOn) },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to result {state?.Id ?? "(new)"}"),
    };

    private static PublicResult New(string taskId, string departmentId, string uscc) =>
        new(StreamId(taskId, departmentId, uscc), taskId, departmentId, uscc, null, null);
}

public sealed class ResultPublishedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<ResultPublished, PublicResult>(store, clock)
{
    protected override string StreamOf(ResultPublished fact) => PublicResult.StreamId(fact.TaskId, fact.DepartmentId, fact.Uscc);
}

public sealed class HandlingPublishedConsumer(IDocumentStore store, TimeProvider clock) : PublicFactConsumer<HandlingPublished, PublicResult>(store, clock)
{
    protected override string StreamOf(HandlingPublished fact) => PublicResult.StreamId(fact.TaskId, fact.DepartmentId, fact.Uscc);
}
