using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Gateway;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Models;
using MudBlazor;

namespace ModelHub.Tests.Gateway.Components;

public sealed class CanaryPanelTests : SignedInComponentTest
{
    private const string Model = "support-bot";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await RegistrySeeder.AddVersionAsync(Services, Model, UserId);
        await RegistrySeeder.AddVersionAsync(Services, Model, UserId);
        await RegistrySeeder.SetStageAsync(Services, Model, 1, ModelStage.Production, UserId);
        await RegistrySeeder.SetStageAsync(Services, Model, 2, ModelStage.Staging, UserId);
    }

    [Fact]
    public async Task Shows_nothing_while_no_canary_runs()
    {
        var cut = Render<CanaryPanel>(p => p.Add(c => c.Model, Model));
        await Task.Yield();
        Assert.Empty(cut.FindAll("[data-testid=canary-panel]"));
    }

    [Fact]
    public async Task Shows_production_and_canary_side_by_side_and_updates_as_usage_is_flushed()
    {
        var set = await Services.GetRequiredService<SetCanaryTraffic>().SetAsync(Model, 10, Actor.User(UserId, Email));
        Assert.True(set.Succeeded, set.Error?.Message);
        await RecordAsync(version: 1, canary: false, calls: 9);
        await RecordAsync(version: 2, canary: true, calls: 1);

        var cut = Render<CanaryPanel>(p => p.Add(c => c.Model, Model));
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("10 % of production calls go to v2", cut.Markup);
            Assert.Equal("9", cut.Find("[data-testid=canary-production-calls]").TextContent);
            Assert.Equal("1", cut.Find("[data-testid=canary-calls]").TextContent);
        });

        await RecordAsync(version: 2, canary: true, calls: 4);
        cut.WaitForAssertion(() => Assert.Equal("5", cut.Find("[data-testid=canary-calls]").TextContent));
    }

    [Fact]
    public async Task End_canary_asks_for_confirmation_then_ends_it()
    {
        await Services.GetRequiredService<SetCanaryTraffic>().SetAsync(Model, 10, Actor.User(UserId, Email));
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<CanaryPanel>(p => p.Add(c => c.Model, Model));
        cut.WaitForAssertion(() => cut.Find("[data-testid=end-canary]"));

        // The click completes only once the dialog is answered, so it is awaited after the answer.
        var click = cut.Find("[data-testid=end-canary]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("End canary?", dialogs.Markup));
        Assert.NotNull(await Services.GetRequiredService<CanarySettings>().GetAsync(Model, default));

        await dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "End canary").ClickAsync(new());
        await click;
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=canary-panel]")));
        Assert.Null(await Services.GetRequiredService<CanarySettings>().GetAsync(Model, default));
    }

    private async Task RecordAsync(int version, bool canary, int calls)
    {
        var meter = Services.GetRequiredService<UsageMeter>();
        for (var i = 0; i < calls; i++)
        {
            await meter.RecordAsync(new UsageRecord(DateTimeOffset.UtcNow, Model, version, ModelAlias.Production, canary, UserId, 1, 200, 10, 5, 3, 12));
        }

        await meter.FlushAsync();
    }
}
