using Microsoft.Playwright;

namespace ModelHub.Tests.Support;

/// <summary>Debian's Chromium driven by Playwright (Playwright's own browser download does not work here).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where screenshots go: the test project's TestResults folder.</summary>
    public static string ScreenshotFolder { get; } = CreateScreenshotFolder();

    public static async Task<BrowserSession> StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser);
    }

    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });

    /// <summary>Runs a browser scenario; on failure keeps a screenshot and the HTML of every open page for diagnosis.</summary>
    public async Task RunAsync(string name, Func<Task> scenario)
    {
        try
        {
            await scenario();
        }
        catch
        {
            var pages = Browser.Contexts.SelectMany(c => c.Pages).ToList();
            for (var i = 0; i < pages.Count; i++)
            {
                await pages[i].ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, $"FAILED-{name}-{i}.png"), FullPage = true });
                await File.WriteAllTextAsync(Path.Combine(ScreenshotFolder, $"FAILED-{name}-{i}.html"), await pages[i].ContentAsync());
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }

    private static string CreateScreenshotFolder()
    {
        var folder = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
