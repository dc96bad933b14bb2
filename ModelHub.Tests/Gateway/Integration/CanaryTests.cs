using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

public sealed class CanaryTests : IAsyncLifetime
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
    public async Task Over_10000_calls_the_split_is_within_2_points_of_the_setting_and_each_key_sticks_to_its_side()
    {
        Assert.Equal(HttpStatusCode.OK, (await engineer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 5 })).StatusCode);
        var client = gateway.Client(gateway.ApplicationToken);
        var sides = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        using var throttle = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, 10_000).Select(async i =>
        {
            await throttle.WaitAsync();
            try
            {
                sides[i] = await IsCanaryAsync(client, $"user-{i}");
            }
            finally
            {
                throttle.Release();
            }
        }));

        var share = sides.Values.Count(canary => canary) / 10_000.0;
        Assert.InRange(share, 0.03, 0.07);

        // The same keys again: every one lands where it did.
        foreach (var i in Enumerable.Range(0, 200))
        {
            Assert.Equal(sides[i], await IsCanaryAsync(client, $"user-{i}"));
        }

        var comparison = await gateway.App.Services.GetRequiredService<UsageQueries>().CanaryAsync(GatewayFixture.Model);
        await gateway.FlushedUsageAsync();
        comparison = await gateway.App.Services.GetRequiredService<UsageQueries>().CanaryAsync(GatewayFixture.Model);
        Assert.Equal(10_200, comparison!.Production.Calls + comparison.Canary.Calls);
    }

    [Fact]
    public async Task Without_a_sticky_key_a_caller_always_lands_on_the_same_side()
    {
        await engineer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 50 });
        var client = gateway.Client(gateway.ApplicationToken);
        var first = await IsCanaryAsync(client, null);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first, await IsCanaryAsync(client, null));
        }
    }

    [Fact]
    public async Task Only_production_calls_are_split_and_explicit_aliases_are_not()
    {
        await engineer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 100 });
        var client = gateway.Client(gateway.ApplicationToken);
        Assert.True(await IsCanaryAsync(client, "k", GatewayFixture.Model));
        Assert.True(await IsCanaryAsync(client, "k", GatewayFixture.Model + "@production"));
        Assert.False(await IsCanaryAsync(client, "k", GatewayFixture.Model + "@1"));
    }

    [Fact]
    public async Task Setting_zero_ends_the_canary_and_every_change_is_audited()
    {
        await engineer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 100 });
        await engineer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 20 });
        var ended = await engineer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 0 });
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);

        Assert.False(await IsCanaryAsync(gateway.Client(gateway.ApplicationToken), "k"));
        Assert.Equal([GatewayAuditActions.CanaryStarted, GatewayAuditActions.CanaryChanged, GatewayAuditActions.CanaryEnded], await AuditActionsAsync());
    }

    [Fact]
    public async Task A_stage_change_of_either_version_ends_the_canary_with_an_audit_entry()
    {
        await engineer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 100 });
        await RegistrySeeder.AddVersionAsync(gateway.App.Services, GatewayFixture.Model, gateway.EngineerId);
        var changed = await gateway.App.Services.GetRequiredService<ChangeStage>()
            .ChangeAsync(GatewayFixture.Model, 3, ModelStage.Staging, "v3 replaces v2 in staging", Actor.User(gateway.EngineerId, "engineer@example.com"));
        Assert.True(changed.Succeeded, changed.Error?.Message);

        // Routing ignores the canary at once: v3 was never part of it.
        Assert.False(await IsCanaryAsync(gateway.Client(gateway.ApplicationToken), "k"));
        await WaitForAsync(async () => (await AuditActionsAsync()).Contains(GatewayAuditActions.CanaryEnded));
        var traffic = await engineer.GetFromJsonAsync<JsonElement>($"/api/models/{GatewayFixture.Model}/traffic");
        Assert.Equal(0, traffic.GetProperty("staging").GetInt32());
    }

    [Theory]
    [InlineData("{\"staging\": 101}", "staging")]
    [InlineData("{\"staging\": -1}", "staging")]
    [InlineData("{\"staging\": 2.5}", "staging")]
    [InlineData("{\"staging\": \"5\"}", "staging")]
    [InlineData("{}", "staging")]
    [InlineData("not json", "body")]
    public async Task Bad_traffic_settings_are_400s_naming_the_field(string body, string field)
    {
        var response = await engineer.PutAsync($"/api/models/{GatewayFixture.Model}/traffic", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Only_engineers_and_admins_set_traffic_and_unknown_models_are_404()
    {
        var reviewer = await gateway.ClientForRoleAsync("reviewer@example.com", Roles.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 5 })).StatusCode);
        var service = gateway.Client(gateway.ApplicationToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await service.PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client(null).PutAsJsonAsync($"/api/models/{GatewayFixture.Model}/traffic", new { staging = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.PutAsJsonAsync("/api/models/nope/traffic", new { staging = 5 })).StatusCode);
    }

    [Fact]
    public async Task A_canary_needs_a_staging_version()
    {
        await RegistrySeeder.AddVersionAsync(gateway.App.Services, "solo", gateway.EngineerId);
        await RegistrySeeder.SetStageAsync(gateway.App.Services, "solo", 1, ModelStage.Production, gateway.EngineerId);
        Assert.Equal(HttpStatusCode.Conflict, (await engineer.PutAsJsonAsync("/api/models/solo/traffic", new { staging = 5 })).StatusCode);
    }

    private static async Task<bool> IsCanaryAsync(HttpClient client, string? stickyKey, string model = GatewayFixture.Model)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model, messages = new[] { new { role = "user", content = "Hi" } } }),
        };
        if (stickyKey is not null)
        {
            request.Headers.Add("X-ModelHub-Sticky-Key", stickyKey);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = response.Headers.GetValues("X-ModelHub-Version").Single();
        var canary = response.Headers.Contains("X-ModelHub-Canary");
        Assert.Equal(canary ? "2" : version, version);
        return canary;
    }

    private async Task<List<string>> AuditActionsAsync()
    {
        await using var db = await gateway.App.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(e => e.Action.StartsWith("canary.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
    }

    // The bus delivers on its own task; this waits for the watcher's audited write, polling the outcome rather than timing it.
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 200 && !await condition(); attempt++)
        {
            await Task.Delay(25);
        }

        Assert.True(await condition());
    }
}
