using Microsoft.AspNetCore.Http.HttpResults;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's pages of results per entity (抽查结果) and their handling (处置结果).</summary>
public static class ResultPages
{
    private const int PageSize = 20;

    /// <summary>
    /// The search of results by USCC, a fragment of the entity's name, department and publication date. <paramref name="q"/>
    /// is the home page's one box: a USCC when it looks like one (18 letters and digits), a name otherwise.
    /// </summary>
    public static async Task<RazorComponentResult> Search(HttpContext http, string? q, string? uscc, string? name, string? department, string? from, string? to, string? page)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var names = await RecordNames.LoadAsync(api, call);
        var words = q?.Trim() ?? "";
        if (words.Length > 0)
        {
            if (LooksLikeUscc(words)) uscc = words;
            else name = words;
        }
        var request = new Proto.SearchPublicResultsRequest
        {
            Uscc = uscc?.Trim() ?? "", Name = name?.Trim() ?? "", DepartmentId = department?.Trim() ?? "", From = from?.Trim() ?? "", To = to?.Trim() ?? "",
            PageSize = PageSize, PageToken = page ?? "",
        };
        RazorComponentResult Refused(string problem) =>
            PortalEndpoints.Page<ResultSearchPage>(new { Request = request, Names = names, Problem = problem }, StatusCodes.Status400BadRequest);
        if (request.Uscc.Length == 0 && request.Name.Length == 0 && request.DepartmentId.Length == 0)
            return PortalEndpoints.Page<ResultSearchPage>(new { Request = request, Names = names });
        if (request.Name.Length == 1) return Refused("企业名称请至少输入两个字。");
        try
        {
            var found = await api.SearchResults(request, call);
            return PortalEndpoints.Page<ResultSearchPage>(new { Request = request, Names = names, Found = found });
        }
        catch (InvalidFieldException e) when (e.Message.StartsWith("from:") || e.Message.StartsWith("to:"))
        {
            return Refused("公示日期格式应为 年-月-日，例如 2026-03-01。");
        }
    }

    /// <summary>One department's result for an entity in a task: the items checked, the dates and the handling once closed.</summary>
    public static async Task<RazorComponentResult> Result(HttpContext http, string taskId, string departmentId, string uscc)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var names = await RecordNames.LoadAsync(api, call);
        var found = await api.SearchResults(new Proto.SearchPublicResultsRequest { Uscc = uscc, DepartmentId = departmentId, TaskId = taskId }, call);
        var result = found.Results.FirstOrDefault() ?? throw new NotFoundException($"no public result of {uscc} in {taskId}", $"任务 {taskId} 中没有 {uscc} 的公示结果",
            DisclosureReasons.PublicResultNotFound.About(uscc, taskId));
        await names.LoadItemsAsync(result.Items.Select(i => i.ItemId));
        return PortalEndpoints.Page<ResultPage>(new { Result = result, Names = names });
    }

    // The USCC (统一社会信用代码, GB 32100) has 18 characters of digits and capital letters; a name never looks like that.
    private static bool LooksLikeUscc(string text) => text.Length == 18 && text.All(char.IsAsciiLetterOrDigit);
}
