using Microsoft.Playwright;
using ModelHub.Tests.Support;

using ModelHub.Tests.Dashboard.Browser;
using ModelHub.Tests.Datasets.Browser;
using ModelHub.Tests.FineTuning.Browser;
using ModelHub.Tests.Layout.Browser;
using ModelHub.Tests.Promotions.Browser;
using ModelHub.Tests.Registry.Browser;

namespace ModelHub.Tests.Identity.Browser;

[Trait("Category", "Browser")]
public sealed class FoundationBrowserTests() : BrowserTest(new ModelHubFactory(realHttp: true))
{
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "admin-password-2026";
    private const string EngineerEmail = "engineer@example.com";
    private const string EngineerPassword = "engineer-password-2026";

    private static readonly (string Link, string Heading)[] Navigation =
    [
        ("Datasets", "Datasets"), ("Jobs", "Jobs"), ("Models", "Models"), ("Approvals", "Approvals"),
        ("Audit", "Audit"), ("Users", "Users"), ("Settings", "Settings"), ("Dashboard", "Dashboard"),
    ];


    [Fact]
    public Task First_run_setup_navigation_dark_mode_a_new_engineer_in_the_audit_log_and_without_the_Users_entry() =>
        Browser.RunAsync("foundation", FoundationScenarioAsync);

    private async Task FoundationScenarioAsync()
    {
        var page = await Browser.NewPageAsync(App.ServerAddress);

        // First start: any page leads to setup.
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/setup");
        await BrowserSession.ScreenshotAsync(page, "01-setup");
        await page.FillAsync("#setup-code", App.SetupCode);
        await page.FillAsync("#email", AdminEmail);
        await page.FillAsync("#password", AdminPassword);
        await page.FillAsync("#confirm-password", AdminPassword);
        await page.ClickAsync("[data-testid=create-admin]");
        // Retried until the dashboard has replaced the setup page: read once, the heading could still be the old page's.
        await Assertions.Expect(page.Heading()).ToHaveTextAsync("Dashboard");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=simulator-chip]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=getting-started]")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "02-dashboard");

        // Sign out and back in through the real sign-in form.
        await page.SignOutAsync();
        await page.SignInAsync(AdminEmail, AdminPassword);

        foreach (var (link, heading) in Navigation)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Assertions.Expect(page.Heading()).ToHaveTextAsync(heading);
            await page.AssertNoErrorUiAsync();
            await Assertions.Expect(page).ToHaveTitleAsync($"{heading} · ModelHub");
            await BrowserSession.ScreenshotAsync(page, $"03-nav-{heading.ToLowerInvariant()}");
        }

        // The provider panel reaches the built-in simulator over the app's own loopback address.
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test connection" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Connected:")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "03-settings-connected");

        // An Admin edits a training price; the table shows it after saving.
        await page.ClickAsync("[data-testid=pricing-edit]");
        await page.FillAsync("input[data-testid=price-training-gpt-4o-mini]", "4.5");
        await page.ClickAsync("[data-testid=pricing-save]");
        await Assertions.Expect(page.Locator("[data-testid=pricing-table] tr", new() { HasText = "gpt-4o-mini" })).ToContainTextAsync("4.50");

        // Dark mode follows the user across page loads.
        var toggle = page.Locator("[data-testid=dark-mode-toggle]");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to dark mode");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to light mode");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=dark-mode-toggle]")).ToHaveAttributeAsync("aria-label", "Switch to light mode");
        await BrowserSession.ScreenshotAsync(page, "04-dark-mode");

        // The Admin creates an Engineer in the Users page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await page.ClickAsync("[data-testid=new-user]");
        await page.FillAsync("input[data-testid=new-user-email]", EngineerEmail);
        await page.FillAsync("input[data-testid=new-user-password]", EngineerPassword);
        await page.ClickAsync("[data-testid=new-user-save]");
        var row = page.Locator("[data-testid=users-table] tr", new() { HasText = EngineerEmail });
        await Assertions.Expect(row).ToContainTextAsync("Engineer");
        await BrowserSession.ScreenshotAsync(page, "05-users");

        // The Audit page names the Admin as the creator, and the chain verifies.
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true }).ClickAsync();
        var created = page.Locator("[data-testid=audit-table] tr", new() { HasText = EngineerEmail });
        await Assertions.Expect(created).ToContainTextAsync("user.created");
        await Assertions.Expect(created).ToContainTextAsync(AdminEmail);
        await page.ClickAsync("[data-testid=verify-chain]");
        await Assertions.Expect(page.Locator("[data-testid=verify-result]")).ToContainTextAsync("The chain is intact");
        await BrowserSession.ScreenshotAsync(page, "05-audit");

        // The Engineer signs in and is not offered the Users entry.
        await page.SignOutAsync();
        await page.SignInAsync(EngineerEmail, EngineerPassword);
        await Assertions.Expect(page.Heading()).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Settings", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).CountAsync());
        await Assertions.Expect(page.Locator(PageSteps.UserMenuButton)).ToContainTextAsync(EngineerEmail);
        await BrowserSession.ScreenshotAsync(page, "06-engineer-dashboard");
    }
}
