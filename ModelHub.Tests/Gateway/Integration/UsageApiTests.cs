using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

public sealed class UsageApiTests : IAsyncLifetime
{
    private GatewayFixture gateway = null!;
    private HttpClient engineer = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync();
        await gateway.SeedTwoVersionsAsync();
        engineer = gateway.Client(await gateway.App.IssueTokenAsync(gateway.EngineerId));
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Usage_groups_by_version_and_prices_tokens_at_the_base_models_inference_price()
    {
        var client = gateway.Client(gateway.ApplicationToken);
        await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        await GatewayFixture.ChatAsync(client, GatewayFixture.Model + "@staging");
        await gateway.FlushedUsageAsync();

        var report = await engineer.GetFromJsonAsync<JsonElement>($"/api/usage?model={GatewayFixture.Model}&groupBy=version");
        var rows = report.GetProperty("rows").EnumerateArray().ToList();
        var v1 = rows.Single(r => r.GetProperty("version").GetInt32() == 1).GetProperty("stats");
        Assert.Equal(2, v1.GetProperty("calls").GetInt64());
        Assert.Equal(2 * UpstreamStub.PromptTokens, v1.GetProperty("inputTokens").GetInt64());
        // gpt-4o-mini: 0.15 in / 0.60 out per million tokens.
        var expected = ((2 * UpstreamStub.PromptTokens * 0.15m) + (2 * UpstreamStub.CompletionTokens * 0.60m)) / 1_000_000m;
        Assert.Equal(expected, v1.GetProperty("costUsd").GetDecimal());
        Assert.Equal(3, report.GetProperty("total").GetProperty("calls").GetInt64());

        var byCaller = await engineer.GetFromJsonAsync<JsonElement>("/api/usage?groupBy=caller");
        Assert.Equal("billing-app@example.com", byCaller.GetProperty("rows")[0].GetProperty("caller").GetString());
    }

    [Theory]
    [InlineData("model=Bad%20Name", "model")]
    [InlineData("model=support-bot&version=x", "version")]
    [InlineData("model=support-bot&version=0", "version")]
    [InlineData("version=2", "version")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-45", "to")]
    [InlineData("from=2026-12-02&to=2026-12-01", "to")]
    [InlineData("from=2020-01-01&to=2026-01-01", "to")]
    [InlineData("groupBy=week", "groupBy")]
    [InlineData("groupBy=1", "groupBy")]
    public async Task Every_bad_parameter_is_a_400_naming_it(string query, string field)
    {
        var response = await engineer.GetAsync("/api/usage?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await engineer.GetAsync("/api/usage/export?" + query)).StatusCode);
    }

    [Fact]
    public async Task The_CSV_export_defuses_cells_a_spreadsheet_would_run()
    {
        var formulaCaller = await gateway.App.CreateUserAsync("+cmd@example.com", GatewayFixture.Password, Roles.Application);
        await GatewayFixture.ChatAsync(gateway.Client(await gateway.App.IssueTokenAsync(formulaCaller.Id)), GatewayFixture.Model);
        await gateway.FlushedUsageAsync();

        var csv = await engineer.GetStringAsync("/api/usage/export?groupBy=caller");
        Assert.StartsWith("group,calls,errors,input_tokens,output_tokens,p50_ms,p95_ms,cost_usd", csv);
        Assert.Contains("\n'+cmd@example.com,1,", csv);
        Assert.DoesNotContain("\n+cmd", csv);
    }

    [Fact]
    public async Task Service_accounts_and_anonymous_callers_cannot_read_usage()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client(gateway.ApplicationToken).GetAsync("/api/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client(null).GetAsync("/api/usage")).StatusCode);
    }
}
