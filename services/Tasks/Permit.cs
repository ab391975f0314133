using Shuangsuiji.Kernel;

namespace Shuangsuiji.Tasks;

/// <summary>
/// Who may act: department staff (or a system acting for the department) do the work, its reviewers approve it;
/// the supervising office (市双随机办) runs the return visits.
/// </summary>
public static class Permit
{
    public static void Staff(Caller caller, string departmentId, string what)
    {
        if (!caller.ActsFor(departmentId) || caller.Role is not (Roles.Staff or Roles.System))
            throw new ForbiddenException($"only staff of {departmentId} may {what}; {caller.DepartmentId} ({caller.Role}) may not",
                $"只有 {departmentId} 的工作人员可以执行此操作；{caller.DepartmentId}（{caller.Role}）无权执行", Reasons.DepartmentOnly.About(departmentId));
    }

    public static void Reviewer(Caller caller, string departmentId, string what)
    {
        if (!caller.ActsFor(departmentId) || caller.Role != Roles.Reviewer)
            throw new ForbiddenException($"only a reviewer of {departmentId} may {what}; {caller.DepartmentId} ({caller.Role}) may not",
                $"只有 {departmentId} 的审核人员可以执行此操作；{caller.DepartmentId}（{caller.Role}）无权执行", Reasons.ReviewerOnly.About(departmentId));
    }

    public static void Office(Caller caller, string officeId, string what)
    {
        if (!caller.ActsFor(officeId) || !caller.IsSupervisor())
            throw new ForbiddenException($"only the supervising office {officeId} may {what}; {caller.DepartmentId} ({caller.Role}) may not",
                $"只有领导小组办公室 {officeId} 可以执行此操作；{caller.DepartmentId}（{caller.Role}）无权执行", Reasons.OfficeOnly.About(officeId));
    }
}
