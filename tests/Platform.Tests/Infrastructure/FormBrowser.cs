using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// A person at the identity service's pages without a browser engine: cookies kept, redirects followed by hand (to see
/// where each leads), forms posted with the anti-forgery token of the page they came from.
/// </summary>
public sealed partial class FormBrowser<TMarker>(WebApplicationFactory<TMarker> host) : IDisposable where TMarker : class
{
    private readonly HttpClient http = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public string LastPage { get; private set; } = "";

    public Uri? LastLocation { get; private set; }

    /// <summary>Follows redirects within the host until a page answers; stops at a redirect elsewhere (a console's address) and returns it.</summary>
    public async Task<HttpResponseMessage> Get(string url)
    {
        var response = await http.GetAsync(url);
        return await Follow(response);
    }

    public async Task<HttpResponseMessage> Post(string url, IReadOnlyDictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields);
        if (Token() is { } token) form["__RequestVerificationToken"] = token;
        return await Follow(await http.PostAsync(url, new FormUrlEncodedContent(form)));
    }

    /// <summary>Posts the page's form (its action, or the page itself) with these fields.</summary>
    public Task<HttpResponseMessage> Submit(string pageUrl, IReadOnlyDictionary<string, string> fields)
    {
        var hidden = HiddenField().Matches(LastPage).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        foreach (var (k, v) in fields) hidden[k] = v;
        return Post(pageUrl, hidden);
    }

    private async Task<HttpResponseMessage> Follow(HttpResponseMessage response)
    {
        for (var hops = 0; hops < 10 && response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; hops++)
        {
            LastLocation = response.Headers.Location;
            var location = response.Headers.Location!;
            if (location.IsAbsoluteUri && location.Host != http.BaseAddress!.Host) return response;
            response = await http.GetAsync(location);
        }
        LastPage = await response.Content.ReadAsStringAsync();
        return response;
    }

    private string? Token() => AntiForgery().Match(LastPage) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();

    [GeneratedRegex("<input type=\"hidden\"[^>]*?name=\"([^\"]+)\"[^>]*?value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
