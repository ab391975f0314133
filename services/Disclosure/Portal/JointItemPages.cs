using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>The portal's page of a region's joint-inspection item list (联合抽查事项清单), any published version.</summary>
public static class JointItemPages
{
    /// <summary>The city's list unless a region is asked for.</summary>
    public const string City = "130300";

    public static async Task<Page> List(HttpContext http, string? region, long? version)
    {
        var (api, call) = PortalEndpoints.Records(http);
        Proto.PublicJointItemList list;
        try
        {
            list = await api.GetJointItemList(new Proto.GetPublicJointItemListRequest { Region = region ?? City, Version = version ?? 0 }, call);
        }
        catch (Kernel.NotFoundException) when (version is null)
        {
            // The navigation links here before the office has published a list: that is news to give, not an error.
            return new Page("联合抽查事项清单", $"""
                <p class="trail"><a href="{Links.Home}">首页</a> › 联合抽查事项清单</p>
                <h1>联合抽查事项清单</h1>
                <p>行政区划 {region ?? City} 尚未公示联合抽查事项清单。</p>
                """);
        }
        Html Parts(Proto.PublicJointItem item) => $"{item.Parts.Select(p => (Html)$"""
            <li><a href="{Links.Item(p.DepartmentId, p.ItemId[(p.DepartmentId.Length + 1)..])}">{(p.ItemName.Length > 0 ? p.ItemName : p.ItemId)}</a>（{p.DepartmentName}）</li>
            """)}";
        Html Versions() => $"{list.Versions.Reverse().Select(v => (Html)$"""
            <tr><td>{(v.Version == list.Version ? (Html)$"第 {v.Version} 版（本页）" : (Html)$"<a href=\"{Links.JointItems(list.Region, v.Version)}\">第 {v.Version} 版</a>")}</td>
            <td>{Labels.Time(v.PublishedAt)}</td><td>{v.Reason}</td></tr>
            """)}";
        return new Page($"联合抽查事项清单（第 {list.Version} 版）", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › 联合抽查事项清单</p>
            <h1>联合抽查事项清单</h1>
            <p>行政区划 {list.Region} · 第 {list.Version} 版 · {Labels.Time(list.PublishedAt)} 公布{(list.Reason.Length > 0 ? (Html)$" · 调整原因：{list.Reason}" : Html.Empty)}</p>
            <p>每个联合抽查事项组合两个以上部门的检查事项，由牵头部门在年度计划中安排联合抽查，“进一次门、查多项事”。</p>
            <table id="joint-items">
            <thead><tr><th>编码</th><th>联合抽查事项</th><th>组合的部门事项</th><th>说明</th></tr></thead>
            <tbody>{list.Items.Select(i => (Html)$"""
                <tr id="joint-{i.Code}"><td>{i.Code}</td><td>{i.Name}</td><td><ul>{Parts(i)}</ul></td><td>{i.Note}</td></tr>
                """)}</tbody>
            </table>
            <h2>历次版本</h2>
            <table id="versions">
            <thead><tr><th>版本</th><th>公布时间</th><th>调整原因</th></tr></thead>
            <tbody>{Versions()}</tbody>
            </table>
            <p>接口：<code>/v1/public/joint-item-lists/{list.Region}</code></p>
            """);
    }
}
