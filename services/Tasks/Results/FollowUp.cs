using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks.Results;

/// <summary>后续处置: what is done about a problem found.</summary>
public enum FollowUpKind
{
    None,
    OrderCorrection,
    ClueTransferred,
    CopiedToDepartment,
    ReferredToJudiciary,
    PenaltyDecided,
}

/// <summary>
/// One follow-up step. Target: the case-handling unit, the department copied (by id), the judicial organ, or the
/// penalty decision's number; none for "no action" and for an order, which goes to the inspected entity itself.
/// Serious marks a penalty for a serious violation (严重违法失信), which raises the entity's risk class.
/// </summary>
public sealed record FollowUpAction(FollowUpKind Kind, string? Target, DateOnly On, string Reason, bool Serious = false);

public static class FollowUps
{
    public static string Label(this FollowUpKind kind) => kind switch
    {
        FollowUpKind.None => "无需后续处置",
        FollowUpKind.OrderCorrection => "责令改正",
        FollowUpKind.ClueTransferred => "案件线索移交办案机构",
        FollowUpKind.CopiedToDepartment => "抄告相关部门",
        FollowUpKind.ReferredToJudiciary => "移送司法机关",
        FollowUpKind.PenaltyDecided => "作出行政处罚决定",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Checks one step of a department's follow-up: its target by kind, a reason, and a date between the end of
    /// the check and today. Returns the step with texts trimmed.
    /// </summary>
    public static FollowUpAction Validate(FollowUpAction action, string ownDepartmentId, DateOnly checkEndedOn, DateOnly today)
    {
        var kind = Require.Defined((FollowUpKind?)action.Kind, "kind");
        var target = string.IsNullOrWhiteSpace(action.Target) ? null : action.Target.Trim();
        target = kind switch
        {
            FollowUpKind.None or FollowUpKind.OrderCorrection when target is not null =>
                throw new InvalidFieldException("target", $"{kind.Label()} has no target", $"“{kind.Label()}”没有移送对象"),
            FollowUpKind.None or FollowUpKind.OrderCorrection => null,
            FollowUpKind.CopiedToDepartment when Require.Code(target, "target") == ownDepartmentId =>
                throw new InvalidFieldException("target", $"{kind.Label()} goes to another department than {ownDepartmentId}",
                    $"“{kind.Label()}”须抄告 {ownDepartmentId} 以外的部门"),
            FollowUpKind.CopiedToDepartment => target,
            _ => Require.Text(target, "target"),
        };
        if (action.Serious && kind != FollowUpKind.PenaltyDecided)
            throw new InvalidFieldException("serious", $"only a penalty decision is marked serious, not {kind.Label()}",
                $"只有行政处罚决定可以标记为情节严重，“{kind.Label()}”不可以");
        if (action.On < checkEndedOn)
            throw new InvalidFieldException("on", $"{action.On:yyyy-MM-dd} is before the check ended ({checkEndedOn:yyyy-MM-dd})",
                $"{action.On:yyyy-MM-dd} 早于检查结束日期（{checkEndedOn:yyyy-MM-dd}）", Reasons.DateTooEarly.About(checkEndedOn));
        if (action.On > today) throw new InvalidFieldException("on", $"{action.On:yyyy-MM-dd} is in the future", $"{action.On:yyyy-MM-dd} 晚于今天", Reasons.DateInFuture.About(today));
        return new FollowUpAction(kind, target, action.On, Require.Text(action.Reason, "reason", 1000), action.Serious);
    }

    /// <summary>
    /// An order is done when the correction is recorded, or when the case went on to the case-handling unit, the
    /// judiciary or a penalty because it was not corrected; until then the follow-up cannot close.
    /// </summary>
    public static bool OrdersSettled(IReadOnlyList<FollowUpAction> actions, DateOnly? correctedOn)
    {
        var lastOrder = actions.Where(a => a.Kind == FollowUpKind.OrderCorrection).Select(a => (DateOnly?)a.On).Max();
        if (lastOrder is null) return true;
        return correctedOn >= lastOrder
            || actions.Any(a => a.Kind is FollowUpKind.ClueTransferred or FollowUpKind.ReferredToJudiciary or FollowUpKind.PenaltyDecided && a.On >= lastOrder);
    }
}
