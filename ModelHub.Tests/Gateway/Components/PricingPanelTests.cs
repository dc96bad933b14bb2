using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Settings;

namespace ModelHub.Tests.Gateway.Components;

public sealed class PricingPanelTests() : SignedInComponentTest(roles: [Core.Identity.Roles.Admin])
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Services.GetRequiredService<PricingSettings>().SaveAsync(new Dictionary<string, ModelPrice>
        {
            ["gpt-4o-mini"] = new() { Training = 3m, Input = 0.15m, Output = 0.60m, FineTunedInput = 0.30m },
        }, Actor.System);
    }

    [Fact]
    public void The_table_shows_fine_tuned_prices_and_says_when_the_base_price_applies()
    {
        var cut = Render<PricingPanel>(p => p.Add(c => c.CanEdit, true));
        Assert.Equal("0.30", cut.Find("[data-testid=fine-tuned-input-gpt-4o-mini]").TextContent.Trim());
        Assert.Equal("as base (0.60)", cut.Find("[data-testid=fine-tuned-output-gpt-4o-mini]").TextContent.Trim());
        Assert.Contains("Fine-tuned input", cut.Find("[data-testid=pricing-table] thead").TextContent);
    }

    [Fact]
    public async Task Editing_the_fine_tuned_prices_saves_them_with_the_rest_of_the_table_and_audits_it()
    {
        var cut = Render<PricingPanel>(p => p.Add(c => c.CanEdit, true));
        await cut.Find("[data-testid=pricing-edit]").ClickAsync(new());
        var input = cut.Find("[aria-label='Fine-tuned input price of gpt-4o-mini (empty: the input price)']");
        var output = cut.Find("[aria-label='Fine-tuned output price of gpt-4o-mini (empty: the output price)']");
        input.Change("");
        output.Change("1.25");
        await cut.Find("[data-testid=pricing-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("1.25", cut.Find("[data-testid=fine-tuned-output-gpt-4o-mini]").TextContent.Trim()));
        var price = Services.GetRequiredService<IOptionsMonitor<PricingOptions>>().CurrentValue.Find("gpt-4o-mini-2024-07-18")!;
        Assert.Null(price.FineTunedInput);
        Assert.Equal(1.25m, price.FineTunedOutput);
        Assert.Equal(3m, price.Training);
        Assert.Equal("as base (0.15)", cut.Find("[data-testid=fine-tuned-input-gpt-4o-mini]").TextContent.Trim());
        await using var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Data.ModelHubDbContext>>().CreateDbContextAsync();
        var entry = db.AuditEntries.Where(e => e.Action == AuditActions.SettingsChanged).OrderBy(e => e.Sequence).ToList().Last();
        Assert.Contains("\"fineTunedOutput\":1.25", entry.After);
    }

    [Fact]
    public async Task A_refused_table_keeps_the_editor_open_with_the_reason_beside_it()
    {
        var cut = Render<PricingPanel>(p => p.Add(c => c.CanEdit, true));
        await cut.Find("[data-testid=pricing-edit]").ClickAsync(new());
        await cut.FindAll("button").Single(b => b.TextContent.Contains("Add base model")).ClickAsync(new());
        cut.Find("[aria-label='New base model id']").Change("gpt 5");
        await cut.Find("[data-testid=pricing-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("is not a base model id", cut.Find("[data-testid=pricing-error]").TextContent));
        Assert.NotEmpty(cut.FindAll("[data-testid=pricing-save]"));
    }
}
