using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

public sealed class FineTunedPriceTests : IAsyncLifetime
{
    private GatewayFixture gateway = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync();
        await gateway.SeedTwoVersionsAsync();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task An_edited_fine_tuned_price_changes_what_the_usage_API_reports_for_versions_of_that_base_model()
    {
        await GatewayFixture.ChatAsync(gateway.Client(gateway.ApplicationToken), GatewayFixture.Model);
        await gateway.FlushedUsageAsync();
        var engineer = gateway.Client(await gateway.App.IssueTokenAsync(gateway.EngineerId));
        var path = $"/api/usage?model={GatewayFixture.Model}&version=1&groupBy=version";

        // gpt-4o-mini's base prices until a fine-tuned price is set: 0.15 in / 0.60 out per million tokens.
        var before = await CostAsync(engineer, path);
        Assert.Equal(((UpstreamStub.PromptTokens * 0.15m) + (UpstreamStub.CompletionTokens * 0.60m)) / 1_000_000m, before);

        var saved = await gateway.App.Services.GetRequiredService<PricingSettings>().SaveAsync(new Dictionary<string, ModelPrice>
        {
            ["gpt-4o-mini"] = new() { Input = 0.15m, Output = 0.60m, FineTunedInput = 0.30m, FineTunedOutput = 1.20m },
        }, Actor.System);
        Assert.True(saved.Succeeded);

        Assert.Equal(((UpstreamStub.PromptTokens * 0.30m) + (UpstreamStub.CompletionTokens * 1.20m)) / 1_000_000m, await CostAsync(engineer, path));
    }

    private static async Task<decimal> CostAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("total").GetProperty("costUsd").GetDecimal();
}
