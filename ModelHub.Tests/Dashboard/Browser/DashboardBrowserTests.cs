using Microsoft.Playwright;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Identity.Browser;
using ModelHub.Tests.Layout.Browser;
using ModelHub.Tests.Promotions.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.Dashboard.Browser;

[Trait("Category", "Browser")]
public sealed class DashboardBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true))
{
    private const string Email = "oncall@example.com";
    private const string Password = "oncall-password-2026";

    [Fact]
    public Task A_new_instance_shows_the_checklist_and_later_what_needs_action_with_links_to_where_it_is_done() =>
        Browser.RunAsync("dashboard", async () =>
        {
            var user = await App.CreateUserAsync(Email, Password, Roles.Admin);
            var page = await Browser.NewPageAsync(App.ServerAddress);
            await page.SignInAsync(Email, Password);

            await Assertions.Expect(page.Locator("[data-testid=getting-started-progress]")).ToHaveTextAsync("0 of 5 done");
            await Assertions.Expect(page.Locator("[data-testid=action-empty]")).ToHaveCountAsync(5);
            await page.AssertNoErrorUiAsync();
            await BrowserSession.ScreenshotAsync(page, "dashboard-new-instance");

            await DashboardSeeder.AddItemsNeedingActionAsync(App.Services, user.Id, Email);
            await page.ReloadAsync();
            await page.WaitForInteractiveAsync();
            await Assertions.Expect(page.Locator("[data-testid=getting-started]")).ToHaveCountAsync(0);
            foreach (var list in new[] { "pending-approvals", "failed-jobs", "failed-gate-runs", "ungated-staging", "recent-rollbacks" })
            {
                await Assertions.Expect(page.Locator($"[data-testid={list}] [data-testid=action-item]")).ToHaveCountAsync(1);
            }

            await BrowserSession.ScreenshotAsync(page, "dashboard-needs-action");

            await page.Locator("[data-testid=ungated-staging] a").ClickAsync();
            await Assertions.Expect(page.Heading()).ToHaveTextAsync("Gate · classifier v1");
            await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
            await page.Locator("[data-testid=pending-approvals] a").ClickAsync();
            await Assertions.Expect(page.Heading()).ToHaveTextAsync("Approvals");
        });
}
