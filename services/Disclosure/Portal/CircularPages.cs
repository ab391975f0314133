using Proto = Shuangsuiji.Api.Disclosure.V1;

namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// The portal's circulars (督查通报) of the supervising offices' special inspections (专项督查): the list, newest first, and
/// each circular with the findings it names; a corrected circular links to its correction and the other way round.
/// </summary>
public static class CircularPages
{
    private const int PageSize = 50;

    public static async Task<Page> List(HttpContext http, string? page)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var circulars = await api.ListCirculars(new Proto.ListPublicCircularsRequest { PageSize = PageSize, PageToken = page ?? "" }, call);
        var next = circulars.NextPageToken is { Length: > 0 } token
            ? (Html)$"<p><a rel=\"next\" href=\"{Links.WithQuery(Links.CircularsPath, ("page", token))}\">更多通报</a></p>"
            : Html.Empty;
        return new Page("督查通报", $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › 督查通报</p>
            <h1>督查通报</h1>
            <p>市、县（区）“双随机、一公开”监管工作领导小组办公室开展专项督查后，将督查情况向社会通报。通报发布后不再修改；如需更正，另发更正通报并注明所更正的通报。</p>
            {(circulars.Circulars.Count == 0 ? (Html)$"<p>暂无督查通报。</p>" : (Html)$"""
                <table id="circulars">
                <thead><tr><th>发布日期</th><th>标题</th><th>发布单位</th><th>督查事项</th></tr></thead>
                <tbody>{circulars.Circulars.Select(c => (Html)$"""
                    <tr id="circular-{c.CircularId}"><td>{c.PublishedOn}</td>
                    <td><a href="{Links.Circular(c.CircularId)}">{c.Title}</a>{Note(c)}</td><td>{c.OfficeName}</td><td>{c.Subject}</td></tr>
                    """)}</tbody>
                </table>
                """)}
            {next}
            """);
    }

    public static async Task<Page> Circular(HttpContext http, string circularId)
    {
        var (api, call) = PortalEndpoints.Records(http);
        var c = await api.GetCircular(new Proto.GetPublicCircularRequest { CircularId = circularId }, call);
        return new Page(c.Title, $"""
            <p class="trail"><a href="{Links.Home}">首页</a> › <a href="{Links.CircularsPath}">督查通报</a> › {c.Title}</p>
            <article class="circular" id="circular">
            <h1>{c.Title}</h1>
            {Corrections(c)}
            <dl>
            <dt>发布单位</dt><dd data-field="office">{c.OfficeName}</dd>
            <dt>发布日期</dt><dd data-field="published-on">{c.PublishedOn}</dd>
            <dt>督查事项</dt><dd data-field="subject">{c.Subject}</dd>
            <dt>督查期间</dt><dd data-field="period">{c.From} 至 {c.To}</dd>
            </dl>
            <div class="text" data-field="text">{Paragraphs(c.Text)}</div>
            {(c.Findings.Count == 0 ? Html.Empty : (Html)$"""
                <h2>督查发现的问题</h2>
                <ol id="findings">{c.Findings.Select(f => (Html)$"""
                    <li data-finding="{f.FindingId}"><p><strong>{f.DepartmentName}</strong></p>
                    <dl><dt>发现的问题</dt><dd>{f.Found}</dd><dt>整改要求</dt><dd>{f.Rectification}</dd><dt>整改期限</dt><dd>{f.RectifyBy}</dd></dl></li>
                    """)}</ol>
                """)}
            </article>
            <p>本通报的数据：<a href="{Links.CircularDocument(c.CircularId)}"><code>{Links.CircularDocument(c.CircularId)}</code></a></p>
            """);
    }

    private static Html Note(Proto.PublicCircular c) =>
        c.Corrects.Length > 0 ? (Html)$"（更正通报）" : c.CorrectedBy.Count > 0 ? (Html)$"（已更正）" : Html.Empty;

    private static Html Corrections(Proto.PublicCircular c) => $"""
        {(c.Corrects.Length == 0 ? Html.Empty : (Html)$"<p class=\"correction\" data-field=\"corrects\">本通报更正 <a href=\"{Links.Circular(c.Corrects)}\">此前发布的通报</a>。</p>")}
        {(c.CorrectedBy.Count == 0 ? Html.Empty : (Html)$"<p class=\"correction\" data-field=\"corrected-by\">本通报已被更正，见 {Html.Join($"、", c.CorrectedBy.Select(id => (Html)$"<a href=\"{Links.Circular(id)}\">更正通报</a>"))}。</p>")}
        """;

    /// <summary>The text as written: each line a paragraph.</summary>
    private static Html Paragraphs(string text) =>
        Html.Join(Html.Empty, text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => (Html)$"<p>{l}</p>"));
}
