using Marten;
using Shuangsuiji.Disclosure.ItemLists;
using Shuangsuiji.Kernel;
using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's pages of departments and their item lists (随机抽查事项清单, 一单).</summary>
public static class ItemListPages
{
    private const int PageSize = 50;
    private const int MaxSearchHits = 100;

    public static async Task<Page> Home(HttpContext http)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var departments = (await api.ListDepartments(new Proto.ListPublicDepartmentsRequest(), call)).Departments;
        Html rows = $"{departments.Select(d => (Html)$"""
            <tr><td><a href="{Links.Department(d.DepartmentId)}">{d.Name}</a></td><td>{Labels.Level(d.Level)}</td><td>{d.RegionCode}</td><td>{d.ItemCount}</td>
            <td><a href="{Links.Plans(d.DepartmentId)}">年度计划</a> · <a href="{Links.Tasks(d.DepartmentId)}">抽查任务</a> · <a href="{Links.DepartmentResults(d.DepartmentId)}">抽查结果</a></td></tr>
            """)}";
        return new Page("首页", $"""
            <h1>随机抽查信息公示</h1>
            <p>“双随机、一公开”：随机抽取检查对象，随机选派执法检查人员，抽查情况及查处结果及时向社会公开。</p>
            <form action="{Links.ResultsPath}" method="get">
            <label for="home-results">查询企业抽查结果</label>
            <input id="home-results" name="q" type="search" placeholder="统一社会信用代码或企业名称">
            <button type="submit">查询</button>
            </form>
            <form action="{Links.SearchPath}" method="get">
            <label for="home-search">搜索随机抽查事项</label>
            <input id="home-search" name="q" type="search" placeholder="事项名称、编码或部门">
            <button type="submit">搜索</button>
            </form>
            <h2 id="departments">检查部门</h2>
            {(departments.Count == 0 ? (Html)$"<p>暂无公示的部门。</p>" : (Html)$"""
                <table>
                <thead><tr><th>部门</th><th>层级</th><th>行政区划</th><th>公示事项数</th><th>公示信息</th></tr></thead>
                <tbody>{rows}</tbody>
                </table>
                """)}
            """);
    }

    public static async Task<Page> Department(HttpContext http, IDocumentStore store, string departmentId, string? q, string? kind, string? page)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var list = await api.ListItems(new Proto.ListPublicItemsRequest
        {
            DepartmentId = departmentId, Query = q ?? "", Kind = kind ?? "", PageSize = PageSize, PageToken = page ?? "",
        }, call);
        await using var query = store.QuerySession();
        var department = await query.LoadAsync<PublicDepartment>(departmentId, http.RequestAborted)
                         ?? throw new NotFoundException($"no department {departmentId}", $"没有部门 {departmentId}", Reasons.DepartmentNotFound.About(departmentId));
        var successor = department.SuccessorId is { } id ? await query.LoadAsync<PublicDepartment>(id, http.RequestAborted) : null;
        Html Option(string value, string text) => value == (kind ?? "")
            ? (Html)$"<option value=\"{value}\" selected>{text}</option>"
            : (Html)$"<option value=\"{value}\">{text}</option>";
        var next = list.NextPageToken is { Length: > 0 } token
            ? (Html)$"<p><a rel=\"next\" href=\"{Links.WithQuery(Links.Department(departmentId), ("q", q), ("kind", kind), ("page", token))}\">下一页</a></p>"
            : Html.Empty;
        var timeliness = await TaskPages.Timeliness(api, call, departmentId);
        return new Page($"{department.Name} 随机抽查事项清单", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › {department.Name}</p>
            <h1>{department.Name} 随机抽查事项清单</h1>
            <p>{Labels.Level(department.Level)} · 行政区划 {department.RegionCode}{(department.Retired
                ? (Html)$" · 已因机构改革撤并{(successor is null ? Html.Empty : (Html)$"，职责由<a href=\"{Links.Department(successor.Id)}\">{successor.Name}</a>承接")}"
                : Html.Empty)}</p>
            {DepartmentTabs.For(departmentId, "随机抽查事项清单")}
            {timeliness}
            <h2>随机抽查事项清单</h2>
            <form action="{Links.Department(departmentId)}" method="get">
            <label for="list-q">事项名称或编码</label>
            <input id="list-q" name="q" type="search" value="{q ?? ""}">
            <label for="list-kind">事项类别</label>
            <select id="list-kind" name="kind">{Option("", "全部")}{Option("general", Labels.Kind("general"))}{Option("key", Labels.Kind("key"))}</select>
            <button type="submit">筛选</button>
            </form>
            <p>共 <span id="total">{list.Total}</span> 项</p>
            {list.Items.Select(i => (Html)$"""
                <article id="item-{i.Code}">
                <h3><a href="{Links.Item(departmentId, i.Code)}">{i.Code} {i.Name}</a></h3>
                {Details(i)}
                </article>
                """)}
            {next}
            """);
    }

    public static async Task<Page> Item(HttpContext http, string departmentId, string code)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var item = await api.GetItem(new Proto.GetPublicItemRequest { DepartmentId = departmentId, Code = code }, call);
        return new Page($"{item.Name} - {item.DepartmentName}", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › <a href="{Links.Department(departmentId)}">{item.DepartmentName}</a> › {item.Code}</p>
            <h1>{item.Name}</h1>
            <p>{item.DepartmentName} · 事项编码 {item.Code}</p>
            {Details(item)}
            <h2>公示记录</h2>
            <table>
            <thead><tr><th>版本</th><th>变更</th><th>原因</th><th>生效日期</th><th>公布时间</th></tr></thead>
            <tbody>{item.Revisions.Select(r => (Html)$"""
                <tr><td>{r.Version}</td><td>{Labels.Change(r.Change)}</td><td>{r.Reason}</td><td>{r.EffectiveOn}</td><td>{Labels.Time(r.PublishedAt)}</td></tr>
                """)}</tbody>
            </table>
            """);
    }

    /// <summary>
    /// Items listed today whose name or code contains the words, across every department, and departments by name. The
    /// API lists one department at a time, so this reads the public documents, resolving claims as the API does.
    /// </summary>
    public static async Task<Page> Search(HttpContext http, IDocumentStore store, TimeProvider clock, string? q)
    {
        var words = q?.Trim() ?? "";
        if (words.Length == 0) return new Page("搜索", $"<h1>搜索</h1><p>请输入事项名称、编码或部门名称。</p>");
        await using var query = store.QuerySession();
        var departments = (await query.Query<PublicDepartment>().Where(d => !d.Retired).ToListAsync(http.RequestAborted))
            .ToDictionary(d => d.Id);
        var entries = (await query.Query<PublicListItem>().ToListAsync(http.RequestAborted)).ToDictionary(e => e.Id);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        bool Matches(string text) => text.Contains(words, StringComparison.OrdinalIgnoreCase);
        var hits = entries.Values
            .Where(e => departments.ContainsKey(e.DepartmentId))
            .Select(e => ListedItem.Resolve(e, entries))
            .Where(i => i.ListedOn(today) && (Matches(i.Entry.Code) || Matches(i.ContentOn(today)?.Name ?? "")))
            .OrderBy(i => i.Entry.DepartmentId, StringComparer.Ordinal).ThenBy(i => i.Entry.Code, StringComparer.Ordinal)
            .ToList();
        var namedDepartments = departments.Values.Where(d => Matches(d.Name)).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        return new Page($"搜索：{words}", $"""
            <h1>搜索“{words}”</h1>
            <p>查找企业的抽查结果：<a id="search-results" href="{Links.WithQuery(Links.ResultsPath, ("q", words))}">统一社会信用代码或名称含“{words}”的企业抽查结果</a></p>
            {(namedDepartments.Count == 0 ? Html.Empty : (Html)$"""
                <h2>部门</h2>
                <ul>{namedDepartments.Select(d => (Html)$"<li><a href=\"{Links.Department(d.Id)}\">{d.Name}</a></li>")}</ul>
                """)}
            <h2>随机抽查事项</h2>
            <p>共找到 <span id="hits">{hits.Count}</span> 项{(hits.Count > MaxSearchHits ? (Html)$"，显示前 {MaxSearchHits} 项" : Html.Empty)}。</p>
            {(hits.Count == 0 ? Html.Empty : (Html)$"""
                <table>
                <thead><tr><th>部门</th><th>事项编码</th><th>事项名称</th><th>事项类别</th></tr></thead>
                <tbody>{hits.Take(MaxSearchHits).Select(i => (Html)$"""
                    <tr><td>{departments[i.Entry.DepartmentId].Name}</td><td>{i.Entry.Code}</td><td><a href="{Links.Item(i.Entry.DepartmentId, i.Entry.Code)}">{i.ContentOn(today)?.Name}</a></td><td>{Labels.Kind(i.Kind(today) ?? "")}</td></tr>
                    """)}</tbody>
                </table>
                """)}
            """, Search: words);
    }

    /// <summary>An item's published terms; each value carries its field name, so machines can read the page too.</summary>
    private static Html Details(Proto.PublicItem i) => $"""
        <dl>
        {Field("kind", "事项类别", Labels.Kind(i.Kind))}
        {Field("status", "状态", Labels.Status(i.Status))}
        {Field("legal-basis", "检查依据", i.LegalBasis)}
        {Field("content", "检查内容", i.Content)}
        {Field("method", "检查方式", i.Method)}
        {Field("entity-types", "检查对象类型", string.Join("、", i.EntityTypes.Select(Labels.EntityType)))}
        {Field("industries", "涉及行业", string.Join("、", i.Industries))}
        {Field("internal-unit", "实施机构", i.InternalUnit)}
        {Field("internet-plus-code", "互联网+监管事项编码", i.InternetPlusCode)}
        {Field("effective-on", "生效日期", i.EffectiveOn)}
        {Field("retired-on", "废止日期", i.RetiredOn)}
        {Field("origin", "来源", i.Origin == "claimed" ? $"认领自{i.SourceDepartmentName}" : "本部门制定")}
        </dl>
        """;

    private static Html Field(string name, string label, string value) =>
        value.Length == 0 ? Html.Empty : $"<dt>{label}</dt><dd data-field=\"{name}\">{value}</dd>";
}
