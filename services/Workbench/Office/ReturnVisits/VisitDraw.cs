using Shuangsuiji.Api.Draws.V1;
using Shuangsuiji.Api.Tasks.V1;
using Shuangsuiji.Kernel;

namespace Shuangsuiji.Workbench.Office.ReturnVisits;

/// <summary>
/// A return visit's draw (回访抽取) as the office stands in it. The office draws alone, so the draw engine is the second
/// party and keeps a sealed secret of its own: the office prepares the draw over the visit's tasks with the public
/// randomness it declares, commits before the deadline (the engine seals the office's secret too), enters the public value
/// once the deadline has passed, and executes; the sample then reaches the visit as every draw's does.
/// </summary>
public sealed record VisitDraw(ReturnVisit Visit, Draw? Draw, Caller Caller, DateTimeOffset Now)
{
    /// <summary>A return visit samples entities of every credit risk class alike.</summary>
    public static readonly string[] RiskClasses = ["A", "B", "C", "D"];

    private bool Office => Caller.Role == Roles.Supervisor && Caller.DepartmentId == Visit.OfficeId;

    public bool Open => Draw is { Status: DrawStatus.Prepared };

    public bool DeadlinePassed => Draw?.CommitDeadline is { } deadline && deadline.ToDateTimeOffset() <= Now;

    public bool CanPrepare => Office && Visit.Status == ReturnVisitStatus.Planned && Draw is null or { Status: DrawStatus.Lapsed or DrawStatus.Cancelled };

    public bool CanCommit => Office && Open && !DeadlinePassed && Draw!.Commitments.Any(c => c.Party == Visit.OfficeId && c.Sha256.Length == 0);

    public bool CanRecordPublicValue => Office && Open && DeadlinePassed && Draw!.PublicValue.Length == 0
        && Draw.Commitments.All(c => c.Sha256.Length > 0);

    public bool CanExecute => Office && Open && Draw!.PublicValue.Length > 0;

    /// <summary>Executed, its sample on its way to the visit (the engine's message is handled in a moment).</summary>
    public bool Arriving => Draw is { Status: DrawStatus.Executed } && Visit.Status == ReturnVisitStatus.Planned;

    public PrepareDrawRequest Request(VisitDrawForm form) => new()
    {
        TaskId = Visit.VisitId, DepartmentIds = { Visit.OfficeId }, SampledTaskIds = { Visit.TaskIds },
        Strata = { new Stratum { Label = "all", RiskClasses = { RiskClasses }, Count = int.TryParse(form.Count, out var n) ? n : 0 } },
        PublicRandomness = new PublicRandomness { Source = form.Source?.Trim() ?? "", Round = form.Round?.Trim() ?? "" },
        CommitDeadline = Shuangsuiji.Workbench.Draws.Ceremony.Deadline(form.Deadline),
    };
}

/// <summary>The visit's draw as the office prepares it: the public randomness it declares, the commit deadline, how many entities.</summary>
public sealed class VisitDrawForm : Shuangsuiji.Workbench.Tasks.CommandForm
{
    public string? Source { get; set; }
    public string? Round { get; set; }
    public string? Deadline { get; set; }
    public string? Count { get; set; }
}
