using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using OtpNet;
using Shuangsuiji.Identity.Accounts;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// A person at the workbench without a browser engine: its cookies (which the test can hand to another workbench host, as a
/// browser keeps them when the next request reaches another replica), redirects followed by hand, pages parsed by their
/// structure. Signing in goes through the identity service's own pages, in a browser of its own there.
/// </summary>
public sealed class ConsoleBrowser(PlatformFixture platform) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public CookieContainer Cookies { get; } = new();

    /// <summary>Every Set-Cookie value the workbench sent.</summary>
    public List<string> SetCookies { get; } = [];

    private readonly FormBrowser<AccountsApi> identity = new(platform.Identity);

    /// <summary>The same person's browser at the identity service (its own cookies there).</summary>
    public FormBrowser<AccountsApi> Identity => identity;

    public async Task<HttpResponseMessage> Get(WorkbenchHost workbench, string path)
    {
        using var http = Client(workbench);
        return Noted(await http.GetAsync(path));
    }

    /// <summary>A page of the workbench that answers 200, parsed.</summary>
    public async Task<IDocument> Page(WorkbenchHost workbench, string path)
    {
        var response = await Get(workbench, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form of <paramref name="page"/> (found by its name) with its hidden fields and these; the answer parsed, redirects followed.</summary>
    public async Task<IDocument> Submit(WorkbenchHost workbench, IDocument page, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var form = page.QuerySelectorAll("form").Single(f => f.QuerySelector($"input[name=_handler][value={formName}]") is not null);
        var values = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (k, v) in fields) values[k] = v;
        using var http = Client(workbench);
        var action = form.GetAttribute("action") is { Length: > 0 } a ? a : new Uri(page.Url).PathAndQuery;
        var response = Noted(await http.PostAsync(action, new FormUrlEncodedContent(values)));
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            return await Page(workbench, response.Headers.Location!.ToString());
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form of <paramref name="page"/> (found by its name) with its hidden fields and these, a name given as often as it has values.</summary>
    public async Task<IDocument> SubmitAll(WorkbenchHost workbench, IDocument page, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var form = page.QuerySelectorAll("form").Single(f => f.QuerySelector($"input[name=_handler][value={formName}]") is not null);
        var values = form.QuerySelectorAll("input[type=hidden]").Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        values.AddRange(fields);
        return await Post(workbench, form.GetAttribute("action") is { Length: > 0 } a ? a : new Uri(page.Url).PathAndQuery, new FormUrlEncodedContent(values));
    }

    /// <summary>Sends a file through the page's multipart form (found by a selector), its hidden fields first as a browser sends them.</summary>
    public async Task<IDocument> Upload(WorkbenchHost workbench, IDocument page, string selector, string field, byte[] content, string fileName, string mediaType)
    {
        var form = page.QuerySelector(selector) ?? throw new InvalidOperationException($"no form {selector} on {page.Url}");
        var multipart = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]"))
            multipart.Add(new StringContent(hidden.GetAttribute("value") ?? ""), hidden.GetAttribute("name")!);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new(mediaType);
        multipart.Add(file, field, fileName);
        return await Post(workbench, form.GetAttribute("action")!, multipart);
    }

    private async Task<IDocument> Post(WorkbenchHost workbench, string action, HttpContent content)
    {
        using var http = Client(workbench);
        var response = Noted(await http.PostAsync(action, content));
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            return await Page(workbench, response.Headers.Location!.ToString());
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// From an anonymous visit to the workbench, signs in at the identity service (a one-time password changed at once, and the
    /// authenticator enrolled when the role needs one) and comes back to the workbench's page the visit asked for.
    /// </summary>
    public async Task<IDocument> SignIn(WorkbenchHost workbench, string username, string oneTimePassword, string path = "/")
    {
        var challenge = await Get(workbench, path);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Equal(new Uri(TestTokens.Issuer).Host, authorize.Host);
        var answer = await identity.Get(authorize.PathAndQuery);
        answer = await identity.Submit(identity.LastLocation!.ToString(), new Dictionary<string, string> { ["Username"] = username, ["Password"] = oneTimePassword });
        if (identity.LastPage.Contains("设置新密码"))
        {
            var password = $"Workbench-{Guid.NewGuid():N}"[..20];
            answer = await identity.Submit(identity.LastLocation!.ToString(), new Dictionary<string, string> { ["NewPassword"] = password, ["Confirm"] = password });
        }
        if (identity.LastPage.Contains("绑定身份验证器"))
        {
            var secret = Parser.ParseDocument(identity.LastPage).QuerySelector("div.secret")!.TextContent.Replace(" ", "").Trim();
            var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(platform.Clock.GetUtcNow().UtcDateTime);
            await identity.Submit(identity.LastLocation!.ToString(), new Dictionary<string, string> { ["Code"] = code });
            var next = Parser.ParseDocument(identity.LastPage).QuerySelector("a.continue")!.GetAttribute("href")!;
            answer = await identity.Get(WebUtility.HtmlDecode(next));
        }
        var callback = answer.Headers.Location ?? throw new InvalidOperationException($"the identity service did not send the person back: {identity.LastPage}");
        Assert.StartsWith(PlatformFixture.ConsoleClient.RedirectUri, callback.ToString());
        var signedIn = await Get(workbench, callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return await Page(workbench, signedIn.Headers.Location!.ToString());
    }

    /// <summary>Signs out from a page's header: the workbench, then the identity service, then back to the workbench's farewell.</summary>
    public async Task<IDocument> SignOut(WorkbenchHost workbench, IDocument page)
    {
        var form = page.QuerySelector("form.signout")!;
        var values = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        using var http = Client(workbench);
        var endSession = Noted(await http.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values)));
        Assert.Equal(HttpStatusCode.Redirect, endSession.StatusCode);
        Assert.Contains("/connect/endsession", endSession.Headers.Location!.ToString());
        var back = (await identity.Get(endSession.Headers.Location!.PathAndQuery)).Headers.Location!;
        Assert.StartsWith(PlatformFixture.ConsoleClient.PostLogoutUri, back.ToString());
        var farewell = await Get(workbench, back.PathAndQuery);
        return await Page(workbench, farewell.Headers.Location!.ToString());
    }

    private HttpClient Client(WorkbenchHost workbench)
    {
        var http = workbench.CreateDefaultClient(WorkbenchHost.Address, new CookieContainerHandler(Cookies));
        return http;
    }

    private HttpResponseMessage Noted(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies)) SetCookies.AddRange(cookies);
        return response;
    }

    public void Dispose() => identity.Dispose();
}
