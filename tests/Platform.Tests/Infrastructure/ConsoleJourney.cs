using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Yarp.ReverseProxy.Forwarder;
using OtpNet;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// The staff console as people use it, for whole journeys in Chromium: a workbench listening on the platform's journey port
/// (a real server, so the interactive parts' WebSocket works), the identity service's pages reached at its public address
/// through a proxy that hands them to the in-process identity service, and the platform behind the in-process gateway.
/// Screenshots go to .data/screens/journeys of the checkout, by journey.
/// </summary>
public sealed class ConsoleJourney : IAsyncDisposable
{
    /// <summary>A desktop screen and a phone's (an iPhone 14's CSS size).</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 }, Phone = new() { Width = 390, Height = 844 };

    private readonly PlatformFixture platform;
    private readonly PortalBrowser browser = new();
    private WebApplication? identityFront;
    private readonly string journey;

    public WorkbenchHost Workbench { get; }

    private ConsoleJourney(PlatformFixture platform, string journey)
    {
        this.platform = platform;
        this.journey = journey;
        Workbench = new WorkbenchHost(platform, $"journey_{Guid.NewGuid():N}"[..24], new Dictionary<string, string?>
        {
            ["Workbench:ClientId"] = platform.JourneyConsole.ClientId,
            ["Workbench:ClientSecret"] = platform.JourneyConsole.Secret,
        });
        Workbench.UseKestrel(platform.JourneyConsole.Address.Port);
        Workbench.StartServer();
    }

    public static async Task<ConsoleJourney> StartAsync(PlatformFixture platform, string journey)
    {
        var started = new ConsoleJourney(platform, journey);
        await started.browser.InitializeAsync();
        started.identityFront = await IdentityFront(platform);
        return started;
    }

    public string ScreensFolder => Path.Combine(TestEnvironment.RepositoryRoot, ".data", "screens", "journeys", journey);

    /// <summary>A person's own browser (cookies of their own) on a screen of this size, at the console's address.</summary>
    public async Task<IPage> Person(ViewportSize? screen = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = platform.JourneyConsole.Address.ToString(), Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ViewportSize = screen ?? Desktop, IsMobile = screen == Phone, HasTouch = screen == Phone,
            // Playwright sends even the loopback through a proxy unless told: the console is reached directly.
            Proxy = new Proxy { Server = identityFront!.Urls.Single(), Bypass = "localhost" },
        });
        // A sign-in hashes a password and every page calls the platform: on two busy cores a step can take longer than
        // Playwright's 30 s by default.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Signs in from <paramref name="path"/> at the identity service's pages (a one-time password changed at once, and an
    /// authenticator enrolled when the role needs one) and lands back on the console's page. Returns the password the
    /// account has now.
    /// </summary>
    public async Task<string> SignIn(IPage page, string username, string password, string path = "/")
    {
        var console = platform.JourneyConsole.Address.ToString();
        await page.GotoAsync(path);
        var step = "/account/login";
        while (true)
        {
            switch (step)
            {
                case "/account/login":
                    await page.FillAsync("#Username", username);
                    await page.FillAsync("#Password", password);
                    break;
                case "/account/change-password":
                    password = $"Journey-{Guid.NewGuid():N}"[..20];
                    await page.FillAsync("#NewPassword", password);
                    await page.FillAsync("#Confirm", password);
                    break;
                case "/account/enroll":
                    authenticators[username] = (await page.Locator(".secret").InnerTextAsync()).Replace(" ", "");
                    await page.FillAsync("#Code", Code(username));
                    await page.ClickAsync("button[type=submit]");
                    await page.GetByRole(AriaRole.Link, new() { Name = "我已保存，继续" }).ClickAsync();
                    break;
                case "/account/second-factor":
                    await page.FillAsync("#Code", Code(username));
                    break;
                default:
                    throw new InvalidOperationException($"signing in stopped at {page.Url}: {await page.Locator("body").InnerTextAsync()}");
            }
            if (step != "/account/enroll") await page.ClickAsync("button[type=submit]");
            var done = step;
            await page.WaitForURLAsync(url => url.StartsWith(console, StringComparison.Ordinal) || new Uri(url).AbsolutePath != done);
            if (page.Url.StartsWith(console, StringComparison.Ordinal)) return password;
            step = new Uri(page.Url).AbsolutePath;
        }
    }

    /// <summary>The authenticator app of each account enrolled in this journey, by username: its next code.</summary>
    private readonly Dictionary<string, string> authenticators = [];

    private string Code(string username) =>
        new Totp(Base32Encoding.ToBytes(authenticators[username])).ComputeTotp(platform.Clock.GetUtcNow().UtcDateTime);

    /// <summary>A screenshot of the whole page, named by its step in the journey.</summary>
    public async Task Screenshot(IPage page, string step)
    {
        Directory.CreateDirectory(ScreensFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreensFolder, $"{step}.png"), FullPage = true });
    }

    /// <summary>
    /// The browser's proxy for the identity service's public address: it hands every request to the in-process identity
    /// service as it came (a browser's route handler would not see the redirect from the console that leads there).
    /// </summary>
    private static async Task<WebApplication> IdentityFront(PlatformFixture platform)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        builder.Logging.ClearProviders();
        var front = builder.Build();
        var identity = new HttpMessageInvoker(platform.Identity.Server.CreateHandler());
        var forwarder = front.Services.GetRequiredService<IHttpForwarder>();
        front.Run(async http => await forwarder.SendAsync(http, TestTokens.Issuer, identity));
        await front.StartAsync();
        return front;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await Workbench.DisposeAsync();
        if (identityFront is not null) await identityFront.DisposeAsync();
    }
}
