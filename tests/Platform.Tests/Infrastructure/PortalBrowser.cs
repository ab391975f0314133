using Microsoft.Playwright;

namespace Shuangsuiji.Platform.Tests.Infrastructure;

/// <summary>
/// A real browser for a test class: Debian's headless Chromium driven by Playwright (its own browser download does
/// not work on these machines). infra/dev.sh test installs the chromium package when it is missing.
/// </summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing. Run the tests with `infra/dev.sh test`, which installs Debian's chromium package.");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
    }

    /// <summary>A fresh browsing context (no cookies, no cache) at the given address, with or without JavaScript.</summary>
    public async Task<IBrowserContext> Context(Uri baseAddress, bool javaScript = true) =>
        await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), JavaScriptEnabled = javaScript, Locale = "zh-CN" });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}
