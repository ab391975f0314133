using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's pages of task announcements (抽查任务公示), their draws and results, and publication on time.</summary>
public static class TaskPages
{
    private const int PageSize = 20;

    // A task's page lists its first thousand results; beyond that it points to the departments' searches.
    private const int ResultsScanPages = 5;
    private const int ResultsScanPageSize = 200;

    public static async Task<Page> List(HttpContext http, string departmentId, string? page)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var names = await RecordNames.LoadAsync(api, call);
        var department = names.Require(departmentId);
        var tasks = await api.ListTasks(new Proto.ListPublicTasksRequest { DepartmentId = departmentId, PageSize = PageSize, PageToken = page ?? "" }, call);
        var next = tasks.NextPageToken is { Length: > 0 } token
            ? (Html)$"<p><a rel=\"next\" href=\"{Links.WithQuery(Links.Tasks(departmentId), ("page", token))}\">下一页</a></p>"
            : Html.Empty;
        return new Page($"{department.Name} 抽查任务", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › <a href="{Links.Department(departmentId)}">{department.Name}</a> › 抽查任务</p>
            <h1>{department.Name} 抽查任务</h1>
            {DepartmentTabs.For(departmentId, "抽查任务")}
            <p>本部门牵头或参与的抽查任务公示，共 <span id="total">{tasks.Total}</span> 项。</p>
            {(tasks.Tasks.Count == 0 ? (Html)$"<p>暂无公示的抽查任务。</p>" : (Html)$"""
                <table id="tasks">
                <thead><tr><th>任务名称</th><th>检查部门</th><th>抽查对象</th><th>检查期间</th><th>结果公示期限</th><th>已公示结果</th></tr></thead>
                <tbody>{tasks.Tasks.Select(t => (Html)$"""
                    <tr><td><a href="{Links.InspectionTask(t.TaskId)}">{t.Name}</a></td>
                    <td>{Departments(t, names)}</td><td>{t.EntityCount} 户</td><td>{Labels.Period(t.CheckFrom, t.CheckTo)}</td>
                    <td>{Labels.Due(t.ResultsDueOn, t.ResultsDueOnProvisional)}</td><td>{t.ResultsPublished} / {t.EntityCount}</td></tr>
                    """)}</tbody>
                </table>
                """)}
            {next}
            """);
    }

    /// <summary>A task's announcement, its draw with how to replay it, and its published results.</summary>
    public static async Task<Page> Announcement(HttpContext http, string taskId)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var task = await api.GetTask(new Proto.GetPublicTaskRequest { TaskId = taskId }, call);
        var names = await RecordNames.LoadAsync(api, call);
        var items = await names.ItemsAsync(task.Departments.SelectMany(d => d.Items));
        var lead = task.Departments.FirstOrDefault()?.DepartmentId ?? "";
        var (results, complete) = await ResultsOf(api, call, task);
        var earlierDraws = task.DrawIds.Where(d => d != task.DrawId).ToList();
        return new Page(task.Name, $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › {names.Department(lead)} › <a href="{Links.Tasks(lead)}">抽查任务</a> › {task.Name}</p>
            <h1>{task.Name}</h1>
            <dl>
            <dt>检查部门</dt><dd data-field="departments">{Departments(task, names)}</dd>
            <dt>抽查范围</dt><dd data-field="scope">{Labels.Scope(task.Scope)}</dd>
            <dt>抽查对象数量</dt><dd data-field="entity-count">{task.EntityCount} 户</dd>
            <dt>检查期间</dt><dd data-field="check-period">{Labels.Period(task.CheckFrom, task.CheckTo)}</dd>
            {(task.ResultsDueOn.Length == 0 ? Html.Empty
                : (Html)$"<dt>结果公示期限</dt><dd data-field=\"results-due-on\">{Labels.Due(task.ResultsDueOn, task.ResultsDueOnProvisional)}</dd>")}
            <dt>公告时间</dt><dd data-field="announced-at">{Labels.Time(task.AnnouncedAt)}</dd>
            {(task.PlanId.Length == 0
                ? (Html)$"<dt>年度计划</dt><dd data-field=\"plan\">计划外任务</dd>"
                : (Html)$"<dt>年度计划</dt><dd data-field=\"plan\"><a href=\"{Links.Plans(lead)}\">年度抽查计划</a>中的任务 {task.PlanTaskCode}</dd>")}
            </dl>
            <h2>抽查事项</h2>
            <table id="task-items">
            <thead><tr><th>检查部门</th><th>抽查事项</th></tr></thead>
            <tbody>{task.Departments.Select(d => (Html)$"""
                <tr><td>{names.Department(d.DepartmentId)}</td><td>{Html.Join($"<br>", d.Items.Select(i => items[i]))}</td></tr>
                """)}</tbody>
            </table>
            <h2 id="draw">随机抽取记录</h2>
            <p>检查对象由抽取系统随机抽取，抽取记录公开：<a id="draw-record" href="{task.DrawRecordPath}">抽取记录 {task.DrawId}（JSON）</a></p>
            {(earlierDraws.Count == 0 ? Html.Empty : (Html)$"""
                <p>本任务曾重新抽取，此前的抽取记录：{Html.Join($"、", earlierDraws.Select(d => (Html)$"<a href=\"{Links.DrawRecord(d)}\">{d}</a>"))}</p>
                """)}
            <h3>如何验证</h3>
            <p>抽取的种子由各参与方事先承诺、事后公开的密钥（以及可选的公开随机数）生成，抽取算法与 Rivest 的 sampler.py 兼容：
            每个分层的候选名单按统一社会信用代码排序后编号，用 SHA-256 逐个生成序号。记录包含参数、各分层的候选数量和哈希、排除原因、
            承诺与密钥、种子、抽取结果和人员匹配，任何人都可以复算，结果必须一致。</p>
            <p>把上面的记录保存为 <code>record.json</code>，在本项目的源代码目录中运行：</p>
            <pre>dotnet run --project services/Draws -- verify record.json</pre>
            <p>也可以用几行 Python 复算，方法与脚本见项目文档 <code>docs/draw-verification.md</code>；
            各分层的候选名单可从 <code>/v1/public/draws/{task.DrawId}/strata/分层标签/candidates</code> 下载，用于核对名单的哈希。</p>
            <h2 id="results-section">抽查结果</h2>
            <p>已公示 <span id="results-published">{task.ResultsPublished}</span> 户，共抽取 {task.EntityCount} 户。</p>
            {(results.Count == 0 ? Html.Empty : ResultPages.Table(results, names))}
            {(complete ? Html.Empty : (Html)$"""
                <p>仅列出部分结果，可按部门查询全部：{Html.Join($"、", task.Departments.Select(d => (Html)$"<a href=\"{Links.DepartmentResults(d.DepartmentId)}\">{names.DepartmentName(d.DepartmentId)}</a>"))}</p>
                """)}
            """);
    }

    /// <summary>A department's publication on time: results published on time and late, tasks due soon and overdue.</summary>
    public static async Task<Html> Timeliness(PublicRecordsApi api, Grpc.Core.ServerCallContext call, string departmentId)
    {
        var t = await api.GetTimeliness(new Proto.GetTimelinessRequest { DepartmentId = departmentId }, call);
        Html Tasks(string id, string title, IReadOnlyCollection<Proto.TaskDue> due) => due.Count == 0
            ? (Html)$"<p>{title}：无。</p>"
            : (Html)$"""
                <table id="{id}">
                <caption>{title}</caption>
                <thead><tr><th>任务名称</th><th>结果公示期限</th><th>已公示 / 抽查对象</th></tr></thead>
                <tbody>{due.Select(d => (Html)$"""
                    <tr><td><a href="{Links.InspectionTask(d.TaskId)}">{d.Name}</a></td><td>{Labels.Due(d.ResultsDueOn, d.ResultsDueOnProvisional)}</td><td>{d.Published} / {d.Entities}</td></tr>
                    """)}</tbody>
                </table>
                """;
        return $"""
            <section id="timeliness">
            <h2>公示及时性</h2>
            <p>抽查结果应在检查结束后 20 个工作日内公示。截至 {t.AsOf}：按时公示 <span id="on-time">{t.PublishedOnTime}</span> 条，
            逾期公示 <span id="late">{t.PublishedLate}</span> 条。</p>
            {Tasks("overdue", "已逾期未公示完毕的任务", t.Overdue)}
            {Tasks("due-soon", "7 日内到期的任务", t.DueSoon)}
            </section>
            """;
    }

    private static Html Departments(Proto.PublicTask t, RecordNames names) =>
        Html.Join($"、", t.Departments.Select((d, n) => (Html)$"{names.Department(d.DepartmentId)}{(n == 0 && t.Departments.Count > 1 ? "（牵头）" : "")}"));

    /// <summary>The task's published results (the first pages), and whether that is all of them.</summary>
    private static async Task<(List<Proto.PublicResult> Results, bool Complete)> ResultsOf(PublicRecordsApi api, Grpc.Core.ServerCallContext call, Proto.PublicTask task)
    {
        var results = new List<Proto.PublicResult>();
        var token = "";
        for (var page = 0; page < ResultsScanPages; page++)
        {
            var found = await api.SearchResults(new Proto.SearchPublicResultsRequest { TaskId = task.TaskId, PageSize = ResultsScanPageSize, PageToken = token }, call);
            results.AddRange(found.Results);
            token = found.NextPageToken;
            if (token.Length == 0) return (results, true);
        }
        return (results, false);
    }
}
