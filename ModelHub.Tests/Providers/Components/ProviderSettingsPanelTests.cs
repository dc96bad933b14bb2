using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Settings;
using MudBlazor.Services;

using ModelHub.Tests.Providers.Integration;

namespace ModelHub.Tests.Providers.Components;

// The bUnit context is disposed asynchronously: MudBlazor registers services that only implement IAsyncDisposable.
public sealed class ProviderSettingsPanelTests(SimulatorHost host) : IClassFixture<SimulatorHost>, IDisposable
{
    private readonly TempFolder data = new("bunit");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        data.Dispose();
    }

    [Fact]
    public async Task Simulator_panel_names_the_simulator_and_tests_the_connection()
    {
        await using var context = await ContextAsync(apiKey: null);

        var cut = context.Render<ProviderSettingsPanel>(p => p.Add(c => c.AllowFaultInjection, true));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Test connection")).Click();

        Assert.Contains("built-in simulator", cut.Markup);
        Assert.Contains(host.BaseUrl.ToString(), cut.Markup);
        Assert.Contains("own ModelHub access token (Engineer or Admin)", cut.Markup);
        Assert.DoesNotContain("accepts any key", cut.Markup);
        Assert.DoesNotContain(host.Secret, cut.Markup);
        cut.WaitForAssertion(() => Assert.Contains("Connected:", cut.Markup), TimeSpan.FromSeconds(10));
        Assert.Contains("Simulator fault injection", cut.Markup);
    }

    [Fact]
    public async Task Provider_key_is_shown_by_its_last_four_characters_only()
    {
        await using var context = await ContextAsync(apiKey: "sk-live-PanelSecretValue-9Wq4");

        var cut = context.Render<ProviderSettingsPanel>();

        Assert.Contains("HolySheep", cut.Markup);
        Assert.Contains("…9Wq4", cut.Markup);
        Assert.DoesNotContain("PanelSecretValue", cut.Markup);
    }

    [Fact]
    public async Task Arming_a_failure_sets_the_simulator_fault()
    {
        await using var context = await ContextAsync(apiKey: null);
        var faults = context.Services.GetRequiredService<SimulatorFaults>();

        var cut = context.Render<ProviderSettingsPanel>(p => p.Add(c => c.AllowFaultInjection, true));
        cut.FindAll("input").Last().Change("Out of GPUs");
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Arm").Click();

        Assert.Equal("Out of GPUs", faults.FailNextJobMessage);
        Assert.Contains("The next job will fail with", cut.Markup);
        faults.TakeFailNextJobMessage();

        var entry = Assert.Single((await context.Services.GetRequiredService<AuditQueries>().ListAsync(new AuditFilter(Action: AuditActions.SettingsChanged))).Items);
        Assert.Equal("admin@example.com", entry.ActorName);
        Assert.Equal(ChangeSimulatorFaults.FailNextJobMessage, entry.ObjectId);
        Assert.Equal("""{"value":null}""", entry.Before);
        Assert.Equal("""{"value":"Out of GPUs"}""", entry.After);
    }

    [Fact]
    public async Task Without_fault_injection_rights_the_panel_offers_no_fault_controls()
    {
        await using var context = await ContextAsync(apiKey: null);

        var cut = context.Render<ProviderSettingsPanel>();

        Assert.Contains("built-in simulator", cut.Markup);
        Assert.DoesNotContain("Simulator fault injection", cut.Markup);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Arm");
    }

    private async Task<BunitContext> ContextAsync(string? apiKey)
    {
        var context = new BunitContext();
        context.Services.AddModelHubCoreForTests(data.Path);
        context.AddAuthorization().SetAuthorized("admin@example.com")
            .SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "admin-id"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HolySheep:BaseUrl"] = host.BaseUrl.ToString(),
            ["HolySheep:ApiKey"] = apiKey,
            ["HolySheep:MaxRetries"] = "0",
        }).Build();
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddLogging();
        context.Services.AddKeyedSingleton<IProviderEndpoint>(ProviderEndpoints.SimulatorServiceKey, new FixedProviderEndpoint(host.BaseUrl, host.Secret, IsSimulator: true));
        context.Services.AddModelHubProvider(configuration);
        context.Services.AddOptions<SimulatorOptions>();
        context.Services.AddSingleton(host.Faults);
        context.Services.AddSingleton<ChangeSimulatorFaults>();
        context.Services.AddSingleton<ProviderPanelServices>();
        await context.Services.MigrateAsync();
        return context;
    }
}
