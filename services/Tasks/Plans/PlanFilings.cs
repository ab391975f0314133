using Shuangsuiji.Kernel;
using Shuangsuiji.Tasks.Departments;

namespace Shuangsuiji.Tasks.Plans;

public enum FilingStatus { NoPublishedPlan, NotFiled, AwaitingAcknowledgement, Acknowledged }

/// <summary>
/// Where a department's plan for a year stands in its filing (备案): its latest published version and with whom it was
/// filed; without one, with whom it would be.
/// </summary>
public sealed record PlanFiling(KnownDepartment Department, FilingStatus Status, PlanVersion? Published, IReadOnlyList<FilingRecipient> Recipients)
{
    public static PlanFiling Of(KnownDepartment department, AnnualPlan? plan, DepartmentTree tree) => plan?.Published switch
    {
        null => new(department, FilingStatus.NoPublishedPlan, null, Expected(department, tree)),
        { FiledWith.Count: 0 } v => new(department, FilingStatus.NotFiled, v, Expected(department, tree)),
        { } v => new(department, v.FiledWith.All(r => r.AcknowledgedBy is not null) ? FilingStatus.Acknowledged : FilingStatus.AwaitingAcknowledgement,
            v, v.FiledWith),
    };

    /// <summary>
    /// The departments whose filings the caller follows, in region and id order: an office's supervisor those of its region,
    /// a department those below it in its system — each a member department with a level above to file with.
    /// </summary>
    public static IReadOnlyList<KnownDepartment> FollowedBy(Caller caller, DepartmentTree tree) =>
        [.. tree.All.Where(d => d is { Office: false, Retired: false } && !caller.ActsFor(d.Id) && tree.FilingRecipients(d.Id).Count > 0
                && (tree.Supervises(caller, d.Id) || tree.IsAbove(caller.DepartmentId, d.Id)))
            .OrderBy(d => d.RegionCode, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal)];

    private static IReadOnlyList<FilingRecipient> Expected(KnownDepartment department, DepartmentTree tree) =>
        [.. tree.FilingRecipients(department.Id).Select(id => new FilingRecipient(id, null, null))];
}
