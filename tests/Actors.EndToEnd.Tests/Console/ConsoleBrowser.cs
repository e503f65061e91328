using Actors.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Actors.EndToEnd.Tests.Console;

/// <summary>
/// Debian's chromium, headless, driven by Playwright (no browser download: ./actors test installs
/// the package), on a platform's operator listener.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser, Uri address)
    {
        _playwright = playwright;
        _browser = browser;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ConsoleBrowser> LaunchAsync(RunningPlatform platform)
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: ./actors test installs it (apt-get install chromium)");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        return new ConsoleBrowser(playwright, browser, platform.OperatorAddress);
    }

    /// <summary>A page of a context of its own (its own cookies), at the login page.</summary>
    public async Task<IPage> NewPageAsync()
    {
        // The test CA is not in chromium's store, and a browser profile of its own to import it
        // into would be a second trust set-up; the HttpClient tests check the certificate chain.
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/console/login"));
        return page;
    }

    /// <summary>A page logged in with <paramref name="key"/>; it lands on the tenants page.</summary>
    public async Task<IPage> LoggedInAsync(string key)
    {
        var page = await NewPageAsync();
        await LogInAsync(page, key);
        return page;
    }

    public static async Task LogInAsync(IPage page, string key)
    {
        await page.FillAsync("input[name=key]", key);
        await page.ClickAsync("button[type=submit]");
    }

    public string Url(string path) => new Uri(Address, path).ToString();

    /// <summary>
    /// A full-page picture of <paramref name="page"/>: in .actors/test-results/console/ after every
    /// run, and in docs/console/ for the README when ACTORS_SCREENSHOTS_TO_DOCS=1, so that a test
    /// run leaves the checkout as it was.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("ACTORS_SCREENSHOTS_TO_DOCS") == "1"
            ? Path.Combine(Scripts.ActorsScript.Root, "docs", "console")
            : Path.Combine(Scripts.ActorsScript.Root, ".actors", "test-results", "console");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
