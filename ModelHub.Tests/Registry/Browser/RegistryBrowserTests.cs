using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Layout.Browser;
using ModelHub.Tests.Promotions.Browser;

namespace ModelHub.Tests.Registry.Browser;

[Trait("Category", "Browser")]
public sealed class RegistryBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true))
{
    private const string Email = "engineer@example.com";
    private const string Password = "engineer-password-2026";


    [Fact]
    public Task From_the_models_list_two_versions_are_compared_and_the_link_reopens_the_comparison() =>
        Browser.RunAsync("registry", ScenarioAsync);

    private async Task ScenarioAsync()
    {
        var engineer = await App.CreateUserAsync(Email, Password, Roles.Engineer);
        await RegistrySeeder.AddVersionAsync(App.Services, "sentiment", engineer.Id, steps: 2500);
        await RegistrySeeder.AddVersionAsync(App.Services, "sentiment", engineer.Id, steps: 80, lossScale: 1.4, epochs: 5);
        await RegistrySeeder.AddVersionAsync(App.Services, "summarizer", engineer.Id);

        var page = await Browser.NewPageAsync(App.ServerAddress);
        await page.SignInAsync(Email, Password);
        await page.GotoAsync("/models");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=model-link]")).ToHaveCountAsync(2);
        await BrowserSession.ScreenshotAsync(page, "registry-01-models");

        await page.Locator("[data-testid=model-link]", new() { HasText = "sentiment" }).ClickAsync();
        // Blazor navigates in the page (history API): the address is polled rather than waiting for a load event.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/models/sentiment$"), new() { Timeout = 20_000 });
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=markdown] strong")).ToHaveTextAsync("sentiment");
        var rows = page.Locator("[data-testid=versions-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=compare-selected]")).ToBeDisabledAsync();
        await rows.Nth(0).Locator(".mud-checkbox").ClickAsync();
        await rows.Nth(1).Locator(".mud-checkbox").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compare-selected]")).ToHaveTextAsync("Compare selected (2)");
        await BrowserSession.ScreenshotAsync(page, "registry-02-model");

        await page.ClickAsync("[data-testid=compare-selected]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape("/compare?v=sentiment%3A1&v=sentiment%3A2") + "$"), new() { Timeout = 20_000 });
        await AssertBothSeriesDrawnAsync(page);
        await BrowserSession.ScreenshotAsync(page, "registry-03-compare");

        // The address is the comparison: opening it afresh shows the same one.
        var shared = page.Url;
        var other = await Browser.NewPageAsync(App.ServerAddress);
        await other.SignInAsync(Email, Password);
        await other.GotoAsync(shared);
        await AssertBothSeriesDrawnAsync(other);
        await page.ReloadAsync();
        await AssertBothSeriesDrawnAsync(page);
        await page.AssertNoErrorUiAsync();
        await BrowserSession.ScreenshotAsync(other, "registry-04-shared");
    }

    private static async Task AssertBothSeriesDrawnAsync(IPage page)
    {
        await page.WaitForInteractiveAsync();
        var chart = page.Locator("#compare-train_loss");
        await Assertions.Expect(chart.Locator(".apexcharts-series[seriesName]")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Assertions.Expect(chart.Locator(".apexcharts-legend-series")).ToHaveCountAsync(2);
        await Assertions.Expect(chart.Locator(".apexcharts-legend")).ToContainTextAsync("sentiment v1");
        await Assertions.Expect(chart.Locator(".apexcharts-legend")).ToContainTextAsync("sentiment v2");
        await Assertions.Expect(page.Locator("[data-testid=compare-chart][data-metric=train_loss]")).ToHaveAttributeAsync("data-points", "1000");
    }
}
