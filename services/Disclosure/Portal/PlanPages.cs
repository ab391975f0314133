using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's page of a department's annual plans (年度随机抽查计划), every published version with its adjustment reason.</summary>
public static class PlanPages
{
    public static async Task<Page> Plans(HttpContext http, string departmentId)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var names = await RecordNames.LoadAsync(api, call);
        var department = names.Require(departmentId);
        var plans = (await api.ListPlans(new Proto.ListPublicPlansRequest { DepartmentId = departmentId }, call)).Plans;
        var items = await names.ItemsAsync(plans.SelectMany(p => p.Versions).SelectMany(v => v.Tasks).SelectMany(t => t.Items));
        return new Page($"{department.Name} 年度抽查计划", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › <a href="{Links.Department(departmentId)}">{department.Name}</a> › 年度抽查计划</p>
            <h1>{department.Name} 年度抽查计划</h1>
            {DepartmentTabs.For(departmentId, "年度抽查计划")}
            {(plans.Count == 0 ? (Html)$"<p>暂无公示的年度抽查计划。</p>" : Html.Empty)}
            {plans.Select(p => Plan(p, names, items))}
            """);
    }

    /// <summary>A plan: the version in force in full, then the earlier ones, each with why it was adjusted.</summary>
    private static Html Plan(Proto.PublicPlan plan, RecordNames names, IReadOnlyDictionary<string, Html> items)
    {
        var versions = plan.Versions.Reverse().ToList();
        return $"""
            <section class="plan" id="plan-{plan.Year}">
            <h2>{plan.Year} 年度随机抽查计划</h2>
            {versions.Select((v, n) => n == 0
                ? (Html)$"""
                    <article class="plan-version" id="plan-{plan.Year}-v{v.Version}">
                    <h3>第 {v.Version} 版（现行）</h3>
                    {Version(v, names, items)}
                    </article>
                    """
                : (Html)$"""
                    <details class="plan-version" id="plan-{plan.Year}-v{v.Version}">
                    <summary>第 {v.Version} 版 · 公布于 {Labels.Time(v.PublishedAt)}{(v.AdjustmentReason.Length == 0 ? "" : $" · 调整原因：{v.AdjustmentReason}")}</summary>
                    {Version(v, names, items)}
                    </details>
                    """)}
            </section>
            """;
    }

    private static Html Version(Proto.PublicPlanVersion v, RecordNames names, IReadOnlyDictionary<string, Html> items) => $"""
        <dl>
        <dt>公布时间</dt><dd data-field="published-at">{Labels.Time(v.PublishedAt)}</dd>
        <dt>调整原因</dt><dd data-field="adjustment-reason">{(v.AdjustmentReason.Length == 0 ? "首次公布" : v.AdjustmentReason)}</dd>
        </dl>
        <table>
        <thead><tr><th>批次</th><th>任务编码</th><th>任务名称</th><th>抽查事项</th><th>抽查范围</th><th>抽查比例</th><th>计划时间</th><th>联合抽查</th></tr></thead>
        <tbody>{v.Tasks.Select(t => (Html)$"""
            <tr><td>{t.BatchName}</td><td>{t.Code}</td><td data-field="task-name">{t.Name}</td>
            <td>{Html.Join($"<br>", t.Items.Select(i => items[i]))}</td>
            <td>{Labels.Scope(t.Scope)}</td><td>{string.Join("；", t.Quotas.Select(Labels.Quota))}</td><td>{Labels.Period(t.From, t.To)}</td>
            <td>{(t.Joint ? (Html)$"牵头：{Html.Join($"、", t.ParticipantIds.Prepend(t.LeadDepartmentId).Select(names.Department))}" : (Html)$"否")}</td></tr>
            """)}</tbody>
        </table>
        """;
}
