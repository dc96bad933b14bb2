using Microsoft.Playwright;
using ModelHub.Tests.FineTuning.Integration;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Layout.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.Promotions.Browser;

[Trait("Category", "Browser")]
public sealed class GatesBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings()))
{

    [Fact]
    public Task An_engineer_edits_the_gate_runs_it_on_a_held_out_dataset_and_sees_the_verdict_live() =>
        Browser.RunAsync("gates", ScenarioAsync);

    private async Task ScenarioAsync()
    {
        using var api = await JobsApi.SignInAsync(App);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(App.Services, api.UserId);
        var job = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
        await api.WaitForEndAsync(job);

        var page = await Browser.NewPageAsync(App.ServerAddress);
        await page.SignInAsync("engineer@example.com", "engineer-password-2026");
        await page.GotoAsync("/models/sentiment/versions/1/gate");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=gate-rules]")).ToContainTextAsync("No rules yet");

        // The editor starts a rule at eval_accuracy >= 0.85; the clean model clears it.
        await page.ClickAsync("[data-testid=gate-edit]");
        // Under load the first click can land while the dialog is still opening; a person would click again.
        var rows = page.Locator("[data-testid=gate-rule-row]");
        for (var attempt = 0; attempt < 3 && await rows.CountAsync() == 0; attempt++)
        {
            await page.ClickAsync("[data-testid=gate-add-rule]");
            try
            {
                await rows.First.WaitForAsync(new() { Timeout = 3_000 });
            }
            catch (TimeoutException)
            {
            }
        }

        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "gates-01-editor");
        await page.ClickAsync("[data-testid=gate-save]");
        await Assertions.Expect(page.Locator("[data-testid=gate-rules]")).ToContainTextAsync("eval_accuracy >= 0.85");

        await page.ClickAsync("[data-testid=gate-run-start]");
        await Assertions.Expect(page.Locator("[data-testid=gate-run-status]").First).ToHaveTextAsync("passed", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=gate-run-rules]")).ToContainTextAsync(">= 0.85 ✓");
        await Assertions.Expect(page.Locator("[data-testid=gate-run-scores]")).ToContainTextAsync("eval_macro_f1");
        // Nothing is in production yet: the run says so instead of showing production numbers.
        await Assertions.Expect(page.Locator("[data-testid=no-production]")).ToContainTextAsync("nothing to compare with");
        await Assertions.Expect(page.Locator("[data-testid=confusion-candidate] caption")).ToHaveTextAsync("Candidate v1: expected vs answered");
        await BrowserSession.ScreenshotAsync(page, "gates-02-passed");

        // The few examples the clean model misses are listed with what was expected and what it said.
        await page.ClickAsync("[data-testid=gate-run-failures]");
        await Assertions.Expect(page.Locator("[data-testid=failed-examples] tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=failed-examples] thead")).ToContainTextAsync("Expected");
        await BrowserSession.ScreenshotAsync(page, "gates-03-failed-examples");
        await page.AssertNoErrorUiAsync();
    }
}
