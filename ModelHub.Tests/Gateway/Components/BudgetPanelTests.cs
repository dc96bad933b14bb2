using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Dashboard;
using ModelHub.Web.Components.Pages.Models;

namespace ModelHub.Tests.Gateway.Components;

public sealed class BudgetPanelTests : SignedInComponentTest
{
    private const string Model = "support-bot";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RegistrySeeder.AddVersionAsync(Services, Model, UserId);
        // One dollar per input token: spend equals the input tokens recorded.
        await Services.GetRequiredService<PricingSettings>().SaveAsync(new Dictionary<string, ModelPrice>
        {
            ["gpt-4o-mini"] = new() { Input = 0.15m, Output = 0.60m, FineTunedInput = 1_000_000m, FineTunedOutput = 0m },
        }, Actor.System);
    }

    [Fact]
    public async Task Without_a_budget_the_model_page_says_so_and_the_dashboard_shows_no_banner()
    {
        await SpendAsync(100);
        var panel = Render<BudgetPanel>(p => p.Add(c => c.Model, Model));
        panel.WaitForAssertion(() => Assert.Contains("No budget set", panel.Find("[data-testid=budget-none]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=budget-banner]"));
        Assert.Equal("Set budget", panel.Find("[data-testid=budget-edit]").TextContent.Trim());

        var dashboard = Render<BudgetBanners>();
        Assert.Empty(dashboard.FindAll("[data-testid=budget-banner]"));
    }

    [Fact]
    public async Task At_80_percent_a_warning_with_the_figures_and_a_link_to_costs_shows_on_the_model_page_and_the_dashboard()
    {
        await SetAsync(50m, hardStop: true);
        await SpendAsync(39);
        var panel = Render<BudgetPanel>(p => p.Add(c => c.Model, Model));
        panel.WaitForAssertion(() => Assert.Contains("$39.00 of $50.00", panel.Find("[data-testid=budget-summary]").TextContent));
        Assert.Empty(panel.FindAll("[data-testid=budget-banner]"));
        Assert.Empty(Render<BudgetBanners>().FindAll("[data-testid=budget-banner]"));

        await SpendAsync(2);
        panel = Render<BudgetPanel>(p => p.Add(c => c.Model, Model));
        var banner = panel.WaitForElement("[data-testid=budget-banner]");
        Assert.Equal("warning", banner.GetAttribute("data-level"));
        Assert.Contains("82% of the monthly budget is spent: $41.00 of $50.00", banner.TextContent);
        Assert.Contains(banner.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/costs");

        var dashboard = Render<BudgetBanners>();
        var dashboardBanner = dashboard.WaitForElement("[data-testid=budget-banner]");
        Assert.Equal("warning", dashboardBanner.GetAttribute("data-level"));
        Assert.Contains(dashboardBanner.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/models/{Model}");
    }

    [Fact]
    public async Task At_100_percent_the_banner_is_an_error_that_says_calls_are_refused()
    {
        await SetAsync(50m, hardStop: true);
        await SpendAsync(51);
        var panel = Render<BudgetPanel>(p => p.Add(c => c.Model, Model));
        var banner = panel.WaitForElement("[data-testid=budget-banner]");
        Assert.Equal("exceeded", banner.GetAttribute("data-level"));
        Assert.Contains("has used its monthly budget: $51.00 spent of $50.00", banner.TextContent);
        Assert.Contains("refuses its calls (429)", banner.TextContent);
        Assert.Equal("exceeded", Render<BudgetBanners>().WaitForElement("[data-testid=budget-banner]").GetAttribute("data-level"));
    }

    [Fact]
    public async Task An_engineer_sets_the_budget_from_the_model_page_and_the_banner_follows_live()
    {
        await SpendAsync(45);
        var panel = Render<BudgetPanel>(p => p.Add(c => c.Model, Model));
        await panel.WaitForElement("[data-testid=budget-edit]").ClickAsync(new());
        Amount(panel).Change("12.345");
        await panel.Find("[data-testid=budget-form]").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Contains("at most two decimals", panel.Markup));
        Assert.Null(await Services.GetRequiredService<BudgetQueries>().GetAsync(Model));

        Amount(panel).Change("50");
        panel.Find("[data-testid=budget-form] input[type=checkbox]").Change(true);
        await panel.Find("[data-testid=budget-form]").SubmitAsync();
        panel.WaitForAssertion(() => Assert.Equal("warning", panel.Find("[data-testid=budget-banner]").GetAttribute("data-level")));
        var saved = await Services.GetRequiredService<BudgetQueries>().GetAsync(Model);
        Assert.Equal(50m, saved!.MonthlyUsd);
        Assert.True(saved.HardStop);

        // Usage flushed after render: the panel reloads on its own.
        await SpendAsync(10);
        panel.WaitForAssertion(() => Assert.Equal("exceeded", panel.Find("[data-testid=budget-banner]").GetAttribute("data-level")));

        await panel.Find("[data-testid=budget-clear]").ClickAsync(new());
        panel.WaitForAssertion(() => panel.Find("[data-testid=budget-none]"));
        Assert.Null(await Services.GetRequiredService<BudgetQueries>().GetAsync(Model));
    }

    private static AngleSharp.Dom.IElement Amount(IRenderedComponent<BudgetPanel> panel) =>
        panel.FindAll("[data-testid=budget-form] input").First(i => i.GetAttribute("type") != "checkbox");

    private async Task SetAsync(decimal usd, bool hardStop)
    {
        var set = await Services.GetRequiredService<SetBudget>().SetAsync(Model, usd, hardStop, Actor.User(UserId, Email));
        Assert.True(set.Succeeded, set.Error?.Message);
    }

    private async Task SpendAsync(int usd)
    {
        var meter = Services.GetRequiredService<UsageMeter>();
        await meter.RecordAsync(new UsageRecord(DateTimeOffset.UtcNow, Model, 1, ModelAlias.Production, false, UserId, 1, 200, usd, 0, 3, 12));
        await meter.FlushAsync();
    }
}

public sealed class BudgetPanelViewerTests() : SignedInComponentTest(roles: [Core.Identity.Roles.Reviewer])
{
    [Fact]
    public async Task Viewers_see_the_budget_but_cannot_change_it()
    {
        await RegistrySeeder.AddVersionAsync(Services, "support-bot", UserId);
        var panel = Render<BudgetPanel>(p => p.Add(c => c.Model, "support-bot"));
        panel.WaitForElement("[data-testid=budget-none]");
        Assert.Empty(panel.FindAll("[data-testid=budget-edit]"));
    }
}
