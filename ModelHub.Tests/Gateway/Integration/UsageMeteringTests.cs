using System.Net;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

public sealed class UsageMeteringTests : IAsyncLifetime
{
    private GatewayFixture gateway = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync();
        await gateway.SeedTwoVersionsAsync();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Under_concurrent_load_the_stored_request_count_equals_the_requests_answered()
    {
        var client = gateway.Client(gateway.ApplicationToken);
        var models = new[] { GatewayFixture.Model, GatewayFixture.Model + "@staging", GatewayFixture.Model + "@nope" };
        var answered = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var response = await GatewayFixture.ChatAsync(client, models[i % 3], stream: i % 2 == 0);
            await response.Content.ReadAsStringAsync();
            return response.StatusCode;
        }));

        var rows = await gateway.FlushedUsageAsync();
        Assert.Equal(answered.Length, rows.Sum(r => r.Calls));
        Assert.Equal(answered.Count(s => s == HttpStatusCode.OK), rows.Where(r => r.Status == 200).Sum(r => r.Calls));
        Assert.Equal(answered.Count(s => s == HttpStatusCode.NotFound), rows.Where(r => r.Status == 404).Sum(r => r.Calls));
        Assert.Equal(answered.Count(s => s == HttpStatusCode.OK) * (long)UpstreamStub.PromptTokens, rows.Sum(r => r.InputTokens));
        Assert.Equal(answered.Count(s => s == HttpStatusCode.OK) * (long)UpstreamStub.CompletionTokens, rows.Sum(r => r.OutputTokens));
    }

    [Fact]
    public async Task A_usage_row_names_model_version_alias_caller_and_token()
    {
        var client = gateway.Client(gateway.ApplicationToken);
        await GatewayFixture.ChatAsync(client, GatewayFixture.Model + "@staging");
        await GatewayFixture.ChatAsync(client, GatewayFixture.Model + "@staging", stream: true);

        var row = Assert.Single(await gateway.FlushedUsageAsync());
        Assert.Equal((GatewayFixture.Model, 2, "staging", gateway.ApplicationId, 200, 2L), (row.Model, row.Version, row.Alias, row.CallerId, row.Status, row.Calls));
        Assert.True(row.TokenId > 0);
        Assert.True(row.LatencyMsTotal > 0);
        Assert.True(row.TimeToFirstTokenMsTotal > 0 && row.TimeToFirstTokenMsTotal <= row.LatencyMsTotal);
        Assert.NotEmpty(row.LatencyBuckets);
    }

    [Fact]
    public async Task Flushes_add_to_the_same_minute_row()
    {
        var client = gateway.Client(gateway.ApplicationToken);
        await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        await gateway.FlushedUsageAsync();
        await GatewayFixture.ChatAsync(client, GatewayFixture.Model);

        var rows = await gateway.FlushedUsageAsync();
        // Two rows only if the calls straddled a minute boundary; the sum is what must hold.
        Assert.Equal(2, rows.Sum(r => r.Calls));
        Assert.InRange(rows.Count, 1, 2);
    }
}
