using Microsoft.Playwright;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.FineTuning.Integration;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Layout.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.Promotions.Browser;

/// <summary>Engineer, Reviewer and OnCall take two versions to production and roll back, each in their own browser.</summary>
[Trait("Category", "Browser")]
public sealed class PromotionBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings()))
{

    [Fact]
    public Task Two_versions_are_promoted_with_four_eyes_and_on_call_rolls_back_in_one_click() =>
        Browser.RunAsync("promotions", ScenarioAsync);

    private async Task ScenarioAsync()
    {
        using var api = await JobsApi.SignInAsync(App);
        await App.CreateUserAsync("reviewer@example.com", "reviewer-password-2026", Roles.Reviewer);
        await App.CreateUserAsync("oncall@example.com", "oncall-password-2026", Roles.OnCall);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(App.Services, api.UserId);
        // Version 1 learns from a slice of the reviews and version 2 from all of them, so the two answer some held-out
        // reviews differently and the reviewer has disagreements to look at.
        var slice = await DatasetSeeder.AddAsync(App.Services, "sentiment-train-slice",
            string.Concat(SampleDatasets.CleanTrain().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(40).Select(line => line + "\n")),
            DatasetPurpose.Training, api.UserId);
        for (var seed = 1; seed <= 2; seed++)
        {
            var job = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", seed == 1 ? slice : training, validation, seed: seed)))["id"]!;
            await api.WaitForEndAsync(job);
        }

        var engineer = await Browser.NewPageAsync(App.ServerAddress);
        await engineer.SignInAsync("engineer@example.com", "engineer-password-2026");
        var reviewer = await Browser.NewPageAsync(App.ServerAddress);
        await reviewer.SignInAsync("reviewer@example.com", "reviewer-password-2026");
        var onCall = await Browser.NewPageAsync(App.ServerAddress);
        await onCall.SignInAsync("oncall@example.com", "oncall-password-2026");

        for (var version = 1; version <= 2; version++)
        {
            await StageGateAndRequestAsync(engineer, version);
            await ApproveAsync(reviewer, version);
            await engineer.GotoAsync("/models/sentiment");
            await engineer.WaitForInteractiveAsync();
            await Assertions.Expect(engineer.Locator("[data-testid=env-production]")).ToContainTextAsync($"v{version}");
        }

        await BrowserSession.ScreenshotAsync(engineer, "promotions-04-model-v2-in-production");

        // On call: one click plus a reason; the dialog names both versions.
        await onCall.GotoAsync("/models/sentiment");
        await onCall.WaitForInteractiveAsync();
        await onCall.ClickAsync("[data-testid=rollback-sentiment]");
        await Assertions.Expect(onCall.Locator("[data-testid=rollback-summary]")).ToContainTextAsync("from v2 back to v1");
        await onCall.FillAsync("textarea[data-testid=rollback-reason]", "v2 misclassifies neutral reviews");
        await BrowserSession.ScreenshotAsync(onCall, "promotions-05-rollback-dialog");
        await onCall.ClickAsync("[data-testid=rollback-confirm]");
        await Assertions.Expect(onCall.Locator("[data-testid=env-production]")).ToContainTextAsync("v1");
        await Assertions.Expect(onCall.Locator("[data-testid=deployment-timeline]")).ToContainTextAsync("rollback");

        // Every open browser hears of it.
        await Assertions.Expect(engineer.Locator(".mud-snackbar")).ToContainTextAsync("Production of sentiment rolled back to v1 by oncall@example.com");

        await onCall.GotoAsync("/");
        await onCall.WaitForInteractiveAsync();
        await Assertions.Expect(onCall.Locator("[data-testid=environment-matrix]")).ToContainTextAsync("v1");
        await BrowserSession.ScreenshotAsync(onCall, "promotions-06-dashboard-after-rollback");

        await onCall.GotoAsync("/audit");
        await onCall.WaitForInteractiveAsync();
        var audit = onCall.Locator("[data-testid=audit-table]");
        await Assertions.Expect(audit).ToContainTextAsync("rollback");
        await Assertions.Expect(audit).ToContainTextAsync("oncall@example.com");
        await Assertions.Expect(audit).ToContainTextAsync("promotion.approved");
        await Assertions.Expect(audit).ToContainTextAsync("reviewer@example.com");
        await Assertions.Expect(audit).ToContainTextAsync("promotion.requested");
        await Assertions.Expect(audit).ToContainTextAsync("version.staged");
        await BrowserSession.ScreenshotAsync(onCall, "promotions-07-audit");
        await onCall.AssertNoErrorUiAsync();
        await reviewer.AssertNoErrorUiAsync();
    }

    private static async Task StageGateAndRequestAsync(IPage engineer, int version)
    {
        await engineer.GotoAsync($"/models/sentiment/versions/{version}");
        await engineer.WaitForInteractiveAsync();
        await engineer.ClickAsync("[data-testid=stage-to-staging]");
        await engineer.ClickAsync("[data-testid=reason-confirm]");
        await Assertions.Expect(engineer.Locator("[data-testid=promotion-why-not]")).ToContainTextAsync("Run the gate first");
        if (version == 1)
        {
            await BrowserSession.ScreenshotAsync(engineer, "promotions-01-staged-needs-gate");
        }

        await engineer.ClickAsync("[data-testid=gate-run-start]");
        await Assertions.Expect(engineer.Locator("[data-testid=gate-run-status]").First).ToHaveTextAsync("passed", new() { Timeout = 30_000 });
        if (version == 2)
        {
            await AssertGatePageComparesWithProductionAsync(engineer);
        }

        await Assertions.Expect(engineer.Locator("[data-testid=request-promotion]")).ToBeEnabledAsync();
        await engineer.ClickAsync("[data-testid=request-promotion]");
        await engineer.FillAsync("textarea[data-testid=reason-input]", $"v{version} passes the gate");
        await engineer.ClickAsync("[data-testid=reason-confirm]");
        await Assertions.Expect(engineer.Locator("[data-testid=pending-request]")).ToBeVisibleAsync();
    }

    /// <summary>The latest run opens with v2 beside production v1 on the same held-out data.</summary>
    private static async Task AssertGatePageComparesWithProductionAsync(IPage engineer)
    {
        var latest = engineer.Locator("[data-testid=gate-run]").First;
        var scores = latest.Locator("[data-testid=side-by-side-scores]");
        await Assertions.Expect(scores).ToContainTextAsync("Candidate v2");
        await Assertions.Expect(scores).ToContainTextAsync("Production (v1)");
        await Assertions.Expect(scores.Locator("tbody tr").First.Locator("td").Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*\d\.\d{3}\s*$"));
        await Assertions.Expect(latest.Locator("[data-testid=confusion-candidate] caption")).ToHaveTextAsync("Candidate v2: expected vs answered");
        await Assertions.Expect(latest.Locator("[data-testid=confusion-production] caption")).ToHaveTextAsync("Production v1: expected vs answered");
        await Assertions.Expect(latest.Locator("[data-testid=disagreements]")).ToContainTextAsync("v2 and v1");

        await engineer.GotoAsync("/models/sentiment/versions/2/gate");
        await engineer.WaitForInteractiveAsync();
        await Assertions.Expect(engineer.Locator("[data-testid=confusion-production]").First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(engineer, "promotions-01b-gate-page-candidate-and-production");
        await engineer.GotoAsync("/models/sentiment/versions/2");
        await engineer.WaitForInteractiveAsync();
    }

    private static async Task ApproveAsync(IPage reviewer, int version)
    {
        await reviewer.GotoAsync("/approvals");
        await reviewer.WaitForInteractiveAsync();
        await Assertions.Expect(reviewer.Locator("[data-testid=approvals-count]")).ToHaveTextAsync("1");
        var card = reviewer.Locator("[data-testid^=request-]").Filter(new() { HasText = $"sentiment v{version}" }).First;
        await Assertions.Expect(card.Locator("[data-testid=request-evidence]")).ToContainTextAsync("Gate run #");
        if (version == 2)
        {
            await Assertions.Expect(card.Locator("[data-testid=request-evidence]")).ToContainTextAsync("Production (v1)");
            // Production's own numbers on the same data, not "–".
            await Assertions.Expect(card.Locator("[data-testid=request-evidence] tbody tr").First.Locator("td").Nth(1))
                .ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*\d\.\d{3}\s*$"));
            await Assertions.Expect(card.Locator("[data-testid=confusion-candidate]")).ToBeVisibleAsync();
            await Assertions.Expect(card.Locator("[data-testid=confusion-production]")).ToBeVisibleAsync();
            await Assertions.Expect(card.Locator("[data-testid=disagreements]")).ToBeVisibleAsync();
            await BrowserSession.ScreenshotAsync(reviewer, "promotions-02-approvals");
        }

        await card.Locator("[data-testid=approve]").ClickAsync();
        await reviewer.ClickAsync("[data-testid=reason-confirm]");
        await Assertions.Expect(reviewer.Locator(".mud-snackbar")).ToContainTextAsync($"sentiment v{version} is in production");
        if (version == 2)
        {
            await BrowserSession.ScreenshotAsync(reviewer, "promotions-03-approved");
        }
    }
}
