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
    public static async Task<Page> Search(HttpContext http, string? q, string? uscc, string? name, string? department, string? from, string? to, string? page)
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
        var form = Form(request, names);
        if (request.Uscc.Length == 0 && request.Name.Length == 0 && request.DepartmentId.Length == 0)
            return new Page("抽查结果查询", $"""
                <h1>抽查结果查询</h1>
                {form}
                <p>请输入统一社会信用代码、企业名称（至少两个字）或选择检查部门。</p>
                """);
        if (request.Name.Length == 1)
            return new Page("抽查结果查询", $"""
                <h1>抽查结果查询</h1>
                {form}
                <p class="error">企业名称请至少输入两个字。</p>
                """, Status: StatusCodes.Status400BadRequest);

        Proto.SearchPublicResultsResponse found;
        try
        {
            found = await api.SearchResults(request, call);
        }
        catch (InvalidFieldException e) when (e.Message.StartsWith("from:") || e.Message.StartsWith("to:"))
        {
            return new Page("抽查结果查询", $"""
                <h1>抽查结果查询</h1>
                {form}
                <p class="error">公示日期格式应为 年-月-日，例如 2026-03-01。</p>
                """, Status: StatusCodes.Status400BadRequest);
        }
        var next = found.NextPageToken is { Length: > 0 } token
            ? (Html)$"<p><a rel=\"next\" href=\"{Links.WithQuery(Links.ResultsPath, ("uscc", request.Uscc), ("name", request.Name), ("department", request.DepartmentId),
                ("from", request.From), ("to", request.To), ("page", token))}\">下一页</a></p>"
            : Html.Empty;
        return new Page("抽查结果查询", $"""
            <h1>抽查结果查询</h1>
            {form}
            <p>共找到 <span id="total">{found.Total}</span> 条抽查结果。</p>
            {(found.Results.Count == 0 ? Html.Empty : Table(found.Results, names))}
            {next}
            """);
    }

    /// <summary>One department's result for an entity in a task: the items checked, the dates and the handling once closed.</summary>
    public static async Task<Page> Result(HttpContext http, string taskId, string departmentId, string uscc)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var names = await RecordNames.LoadAsync(api, call);
        var found = await api.SearchResults(new Proto.SearchPublicResultsRequest { Uscc = uscc, DepartmentId = departmentId, TaskId = taskId }, call);
        var r = found.Results.FirstOrDefault() ?? throw new NotFoundException($"no public result of {uscc} in {taskId}", $"任务 {taskId} 中没有 {uscc} 的公示结果",
            DisclosureReasons.PublicResultNotFound.About(uscc, taskId));
        var items = await names.ItemsAsync(r.Items.Select(i => i.ItemId));
        var entity = r.EntityName.Length > 0 ? r.EntityName : r.Uscc;
        return new Page($"{entity} 抽查结果", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › <a href="{Links.ResultsPath}">抽查结果</a> › {entity}</p>
            <h1>{entity}</h1>
            <p>统一社会信用代码 <span data-field="uscc">{r.Uscc}</span></p>
            <dl>
            <dt>检查部门</dt><dd data-field="department">{names.Department(r.DepartmentId)}</dd>
            <dt>抽查任务</dt><dd data-field="task"><a href="{Links.InspectionTask(r.TaskId)}">{(r.TaskName.Length > 0 ? r.TaskName : r.TaskId)}</a></dd>
            <dt>抽查结果</dt><dd data-field="categories">{Labels.Categories(r.Categories, r.PendingReasons)}</dd>
            <dt>检查日期</dt><dd data-field="checked">{Labels.Period(r.CheckedFrom, r.CheckedTo)}</dd>
            <dt>公示日期</dt><dd data-field="published-on">{r.PublishedOn}</dd>
            {(r.DueOn.Length == 0 ? Html.Empty : (Html)$"<dt>公示期限</dt><dd data-field=\"due-on\">{Labels.Due(r.DueOn, r.DueOnProvisional)}</dd>")}
            </dl>
            <h2>检查事项</h2>
            <table id="items">
            <thead><tr><th>抽查事项</th><th>是否检查</th><th>是否发现问题</th></tr></thead>
            <tbody>{r.Items.Select(i => (Html)$"""
                <tr><td>{items[i.ItemId]}</td><td>{(i.Checked ? "已检查" : "未检查")}</td><td>{(i.ProblemFound ? "发现问题" : "未发现问题")}</td></tr>
                """)}</tbody>
            </table>
            <h2 id="handling">处置结果</h2>
            {Handling(r)}
            """);
    }

    /// <summary>The results as a table, each row linking to its result's page.</summary>
    public static Html Table(IEnumerable<Proto.PublicResult> results, RecordNames names) => $"""
        <table id="results">
        <thead><tr><th>企业名称</th><th>统一社会信用代码</th><th>检查部门</th><th>抽查任务</th><th>抽查结果</th><th>公示日期</th><th>处置结果</th></tr></thead>
        <tbody>{results.Select(r => (Html)$"""
            <tr data-uscc="{r.Uscc}">
            <td data-field="entity"><a href="{Links.Result(r.TaskId, r.DepartmentId, r.Uscc)}">{(r.EntityName.Length > 0 ? r.EntityName : "（名称未公示）")}</a></td>
            <td data-field="uscc">{r.Uscc}</td>
            <td data-field="department">{names.Department(r.DepartmentId)}</td>
            <td data-field="task"><a href="{Links.InspectionTask(r.TaskId)}">{(r.TaskName.Length > 0 ? r.TaskName : r.TaskId)}</a></td>
            <td data-field="categories">{Labels.Categories(r.Categories, r.PendingReasons)}</td>
            <td data-field="published-on">{r.PublishedOn}</td>
            <td data-field="handling">{HandlingSummary(r)}</td>
            </tr>
            """)}</tbody>
        </table>
        """;

    private static Html Form(Proto.SearchPublicResultsRequest r, RecordNames names)
    {
        Html Option(string value, string text) => value == r.DepartmentId
            ? (Html)$"<option value=\"{value}\" selected>{text}</option>"
            : (Html)$"<option value=\"{value}\">{text}</option>";
        return $"""
            <form class="filters" action="{Links.ResultsPath}" method="get">
            <p><label for="results-uscc">统一社会信用代码</label>
            <input id="results-uscc" name="uscc" value="{r.Uscc}" maxlength="18" autocomplete="off"></p>
            <p><label for="results-name">企业名称</label>
            <input id="results-name" name="name" value="{r.Name}" placeholder="名称中的两个字以上"></p>
            <p><label for="results-department">检查部门</label>
            <select id="results-department" name="department">{Option("", "全部部门")}{names.Departments.Values.Select(d =>
                Option(d.DepartmentId, d.Retired ? $"{d.Name}（已撤并）" : d.Name))}</select></p>
            <p><label for="results-from">公示日期</label>
            <input id="results-from" name="from" type="date" value="{r.From}">
            <label for="results-to">至</label>
            <input id="results-to" name="to" type="date" value="{r.To}"></p>
            <p><button type="submit">查询</button></p>
            </form>
            """;
    }

    /// <summary>One line of the handling: its steps once closed; a problem still in hand says so.</summary>
    private static Html HandlingSummary(Proto.PublicResult r) =>
        r.HandlingClosedOn.Length > 0
            ? (Html)$"{string.Join(" → ", r.Handling.Select(h => Labels.HandlingStep(h.Kind)))}（{r.HandlingClosedOn} 办结）"
            : r.Categories.Contains("problem_pending") ? (Html)$"处置中" : Html.Empty;

    private static Html Handling(Proto.PublicResult r)
    {
        if (r.HandlingClosedOn.Length == 0)
            return r.Categories.Contains("problem_pending") ? (Html)$"<p>后续处置尚未办结，办结后在此公示。</p>" : (Html)$"<p>无需后续处置。</p>";
        return $"""
            <table id="handling-steps">
            <thead><tr><th>处置措施</th><th>日期</th><th>承办单位或文书编号</th></tr></thead>
            <tbody>{r.Handling.Select(h => (Html)$"<tr><td>{Labels.HandlingStep(h.Kind)}</td><td>{h.On}</td><td>{h.Target}</td></tr>")}</tbody>
            </table>
            <p>办结日期 <span data-field="handling-closed-on">{r.HandlingClosedOn}</span></p>
            """;
    }

    // The USCC (统一社会信用代码, GB 32100) has 18 characters of digits and capital letters; a name never looks like that.
    private static bool LooksLikeUscc(string text) => text.Length == 18 && text.All(char.IsAsciiLetterOrDigit);
}
