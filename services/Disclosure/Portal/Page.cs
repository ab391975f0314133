namespace Shuangsuiji.Disclosure.Portal;

/// <summary>
/// A portal page: its title and body, put into the one layout (header, navigation, search box, footer). A new
/// page is a handler that returns one of these; a new section of the site is one more entry in <see cref="Nav"/>.
/// </summary>
public sealed record Page(string Title, Html Body, string? Search = null, int Status = StatusCodes.Status200OK) : IResult
{
    public const string SiteName = "双随机、一公开 公示平台";

    private static readonly (string Text, string Href)[] Nav =
    [
        ("首页", Links.Home),
        ("随机抽查事项清单", Links.Home + "#departments"),
        ("联合抽查事项清单", Links.JointItemsPath),
        ("抽查计划与任务", Links.Home + "#departments"),
        ("抽查结果", Links.ResultsPath),
        ("督查通报", Links.CircularsPath),
        ("审计检查点", Links.CheckpointsPath),
        ("开放接口", "/api-reference"),
    ];

    // Pages carry no script at all: the policy makes sure none could run even if some text slipped through unencoded.
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static Page Error(int status, string message)
    {
        var title = status == StatusCodes.Status404NotFound ? "未找到" : "无法显示";
        return new Page(title, $"<h1>{title}</h1><p>{message}</p><p><a href=\"{Links.Home}\">返回首页</a></p>", Status: status);
    }

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = Status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Public records change as departments publish; a short cache spares the service without hiding news for long.
        http.Response.Headers.CacheControl = Status == StatusCodes.Status200OK ? "public, max-age=60" : "no-store";
        return http.Response.WriteAsync(Layout().ToString(), http.RequestAborted);
    }

    private Html Layout() => $"""
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Title} - {SiteName}</title>
        <style>{Style}</style>
        </head>
        <body>
        <header>
        <a class="site" href="{Links.Home}">{SiteName}</a>
        <nav aria-label="栏目">{Nav.Select(n => (Html)$"<a href=\"{n.Href}\">{n.Text}</a>")}</nav>
        <form class="search" role="search" action="{Links.SearchPath}" method="get">
        <label for="site-search">搜索</label>
        <input id="site-search" name="q" type="search" value="{Search ?? ""}" placeholder="事项名称、编码或部门">
        <button type="submit">搜索</button>
        </form>
        </header>
        <main>
        {Body}
        </main>
        <footer>
        <p>根据“双随机、一公开”监管要求，各部门的随机抽查事项清单、年度抽查计划、抽查任务、抽取记录和抽查结果在此向社会公示，无需登录即可查阅。</p>
        <p>同样的数据可通过开放接口获取：<code>/v1/public/departments</code>、<code>/v1/public/results</code>，结果可批量导出：<code>/v1/public/results:export</code>。</p>
        </footer>
        </body>
        </html>
        """;

    private static readonly Html Style = $$"""
        body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#222;line-height:1.6}
        header{background:#b71c1c;color:#fff;padding:.8em 1.5em;display:flex;flex-wrap:wrap;gap:1em;align-items:center}
        header a{color:#fff}
        .site{font-size:1.4em;font-weight:bold;text-decoration:none}
        nav a{margin-right:1em}
        .search{margin-left:auto}
        main{padding:1em 1.5em;max-width:72em}
        table{border-collapse:collapse;width:100%}
        th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
        dt{font-weight:bold;float:left;clear:left;width:9em}
        dd{margin-left:10em}
        article{border-top:1px solid #ddd;padding:.5em 0}
        .tabs{margin:.5em 0 1em;border-bottom:2px solid #b71c1c;padding-bottom:.3em}
        .tabs a,.tabs strong{margin-right:1.2em}
        .filters p{margin:.3em 0}
        .filters p>label:first-child{display:inline-block;min-width:8em}
        .error{color:#b71c1c;font-weight:bold}
        caption{text-align:left;font-weight:bold;padding:.3em 0}
        pre{background:#f5f5f5;padding:.5em;overflow-x:auto}
        footer{border-top:1px solid #ccc;padding:.5em 1.5em;color:#555;font-size:.9em}
        """;
}
