using System.Globalization;
using Microsoft.Playwright;
using ModelHub.Core.Identity;
using ModelHub.Tests.FineTuning.Integration;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Layout.Browser;
using ModelHub.Tests.Promotions.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.FineTuning.Browser;

// The simulator runs slow enough (several seconds of training) to watch the chart fill and to cancel a running job.
[Trait("Category", "Browser")]
public sealed class JobsBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings(timeScale: 8)))
{
    private const string Email = "engineer@example.com";
    private const string Password = "engineer-password-2026";

    [Fact]
    public Task Launching_from_the_form_updates_every_open_page_live_registers_a_version_and_a_second_job_can_be_cancelled() =>
        Browser.RunAsync("jobs", ScenarioAsync);

    private async Task ScenarioAsync()
    {
        var engineer = await App.CreateUserAsync(Email, Password, Roles.Engineer);
        await DatasetSeeder.AddCleanSampleAsync(App.Services, engineer.Id);

        var page = await Browser.NewPageAsync(App.ServerAddress);
        await page.SignInAsync(Email, Password);

        // A second browser (another person) will follow the same job; it signs in before the launch, so that on a busy
        // machine the job is still running by the time it opens the job page.
        var watcher = await Browser.NewPageAsync(App.ServerAddress);
        await watcher.SignInAsync(Email, Password);

        await page.GotoAsync("/jobs/new");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=cost-estimate]")).ToContainTextAsync("Estimated training cost: $");
        await page.FillAsync("#model-name", "sentiment");
        await BrowserSession.ScreenshotAsync(page, "jobs-01-new-job");
        await page.ClickAsync("[data-testid=launch]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/jobs/\d+$"), new() { Timeout = 20_000 });
        var jobUrl = new Uri(page.Url).AbsolutePath;
        await page.EvaluateAsync("() => window.mhNoReload = true");

        await Assertions.Expect(page.Locator("[data-testid=job-current-status] [data-testid=job-status]")).ToHaveAttributeAsync("data-status", "running");
        await watcher.GotoAsync(jobUrl);
        await watcher.WaitForInteractiveAsync();
        await watcher.EvaluateAsync("() => window.mhNoReload = true");

        // The loss chart fills while the job runs, before it ends.
        await WaitForPointsAsync(page, atLeast: 8);
        await Assertions.Expect(page.Locator("#loss-chart .apexcharts-canvas")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "jobs-02-running");

        foreach (var p in new[] { page, watcher })
        {
            await Assertions.Expect(p.Locator("[data-testid=job-current-status] [data-testid=job-status]"))
                .ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 45_000 });
            await Assertions.Expect(p.Locator("[data-testid=job-version]")).ToHaveTextAsync("Registered as sentiment v1");
            Assert.True(await p.EvaluateAsync<bool>("() => window.mhNoReload === true"), "The page reloaded.");
            await p.AssertNoErrorUiAsync();
        }

        // Both pages drew every metric point the tracker stored.
        // The last batch can still be on its way to a page when the status flips (busy machine): wait a little for it.
        var stored = await JobsApi.WithDbAsync(App.Services, db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.MetricPoints));
        await WaitForPointsAsync(page, atLeast: stored);
        await WaitForPointsAsync(watcher, atLeast: stored);
        var points = await PointsAsync(page);
        Assert.Equal((stored, stored), (points, await PointsAsync(watcher)));
        Assert.True(points >= 20, $"Only {points} points were drawn.");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("succeeded");
        await Assertions.Expect(page.Locator("[data-testid=job-hyperparameters]")).ToContainTextAsync("epochs auto (");
        await BrowserSession.ScreenshotAsync(page, "jobs-03-succeeded");
        await BrowserSession.ScreenshotAsync(watcher, "jobs-04-watcher");

        // The job links to its new version, which is on the model's page.
        await page.ClickAsync("[data-testid=job-version]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/models/sentiment/versions/1$"), new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=lineage]")).ToContainTextAsync("ft:gpt-4o-mini");
        await page.GotoAsync("/models/sentiment");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=versions-table] [data-testid=version-number]")).ToHaveTextAsync("v1");
        await BrowserSession.ScreenshotAsync(page, "jobs-05-model");

        // A second job, cancelled while it runs.
        await page.GotoAsync("/jobs/new");
        await page.WaitForInteractiveAsync();
        await page.FillAsync("#model-name", "sentiment");
        await page.ClickAsync("[data-testid=launch]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/jobs/\d+$"), new() { Timeout = 20_000 });
        await page.ClickAsync("[data-testid=cancel-job]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=job-current-status] [data-testid=job-status]")).ToHaveAttributeAsync("data-status", "cancelled");
        await Assertions.Expect(page.Locator("[data-testid=cancel-job]")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "jobs-06-cancelled");

        // The list shows both, with their status.
        await page.GotoAsync("/jobs");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=jobs-table] [data-testid=job-status]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=jobs-table] [data-status=cancelled]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=jobs-table] [data-status=succeeded]")).ToHaveCountAsync(1);
        await BrowserSession.ScreenshotAsync(page, "jobs-07-list");
    }

    private static async Task<int> PointsAsync(IPage page) =>
        int.Parse(await page.Locator("[data-testid=job-charts]").GetAttributeAsync("data-points") ?? "0", CultureInfo.InvariantCulture);

    private static async Task WaitForPointsAsync(IPage page, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await PointsAsync(page) < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The charts never reached {atLeast} points.");
            await Task.Delay(100);
        }
    }
}
