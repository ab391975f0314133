using Shuangsuiji.Kernel;
using Shuangsuiji.Kernel.Calendar;

namespace Shuangsuiji.Tasks.ReturnVisits;

public enum ReturnVisitStatus { Planned, Drawn, Closed }

/// <summary>What the office found when it went back to an entity.</summary>
public enum VisitOutcome
{
    /// <summary>检查结果属实，整改到位.</summary>
    Confirmed,
    /// <summary>问题未整改到位.</summary>
    NotCorrected,
    /// <summary>检查结果与实际情况不符.</summary>
    Discrepancy,
    /// <summary>无法联系.</summary>
    Unreachable,
}

/// <summary>A drawn entity and the sampled tasks it was inspected in.</summary>
public sealed record SampledEntity(string Uscc, IReadOnlyList<string> TaskIds);

public sealed record ReturnVisitPlanned(string VisitId, string OfficeId, string Name, IReadOnlyList<string> TaskIds, string? Reason, Caller By, DateTimeOffset At);

/// <summary>The draw engine's sample of the tasks' entities (抽取), in draw order.</summary>
public sealed record ReturnVisitDrawn(string VisitId, string DrawId, IReadOnlyList<SampledEntity> Entities, Caller By, DateTimeOffset At);

public sealed record EntityVisited(string VisitId, string Uscc, DateOnly VisitedOn, VisitOutcome Outcome, string? Findings, Caller By, DateTimeOffset At);

public sealed record ReturnVisitClosed(string VisitId, DateOnly ClosedOn, string Summary, Caller By, DateTimeOffset At);

/// <summary>
/// A return visit (回访; stream "return-visit:{id}"): the supervising office samples the entities of closed tasks
/// with the draw engine, goes back to each, and records whether the inspection's result and its follow-up hold.
/// </summary>
public sealed record ReturnVisit(
    string Id, string VisitId, string OfficeId, string Name, IReadOnlyList<string> TaskIds, string? Reason, ReturnVisitStatus Status,
    string? DrawId, IReadOnlyList<SampledEntity> Entities, IReadOnlyList<EntityVisited> Visits, DateOnly? ClosedOn, string? Summary)
    : IAggregate<ReturnVisit>
{
    public long Version { get; set; }

    public static string StreamId(string visitId) => $"return-visit:{visitId}";

    public DateOnly PlannedOn { get; init; }

    public EntityVisited? VisitOf(string uscc) => Visits.FirstOrDefault(v => v.Uscc == uscc);

    public static ReturnVisit When(ReturnVisit? state, object @event) => (state, @event) switch
    {
        (null, ReturnVisitPlanned e) => new ReturnVisit(StreamId(e.VisitId), e.VisitId, e.OfficeId, e.Name, e.TaskIds, e.Reason,
            ReturnVisitStatus.Planned, null, [], [], null, null) { PlannedOn = ChinaDate.Of(e.At) },
        ({ } s, ReturnVisitDrawn e) => s with { Status = ReturnVisitStatus.Drawn, DrawId = e.DrawId, Entities = e.Entities },
        ({ } s, EntityVisited e) => s with { Visits = [.. s.Visits, e] },
        ({ } s, ReturnVisitClosed e) => s with { Status = ReturnVisitStatus.Closed, ClosedOn = e.ClosedOn, Summary = e.Summary },
        _ => throw new InvalidOperationException($"{@event.GetType().Name} cannot apply to return visit {state?.Id ?? "(new)"}"),
    };
}
