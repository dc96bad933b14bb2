using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Webhooks;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

public sealed class BudgetTests : IAsyncLifetime
{
    private const string BudgetPath = $"/api/models/{GatewayFixture.Model}/budget";
    private GatewayFixture gateway = null!;
    private HttpClient engineer = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync();
        await gateway.SeedTwoVersionsAsync();
        engineer = gateway.Client(await gateway.App.IssueTokenAsync(gateway.EngineerId));
        // $0.10 per input token of a model fine-tuned from gpt-4o-mini, output free: each stub answer (11 in) costs $1.10.
        var priced = await gateway.App.Services.GetRequiredService<PricingSettings>().SaveAsync(new Dictionary<string, ModelPrice>
        {
            ["gpt-4o-mini"] = new() { Input = 0.15m, Output = 0.60m, FineTunedInput = 100_000m, FineTunedOutput = 0m },
        }, Actor.System);
        Assert.True(priced.Succeeded);
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Traffic_past_the_budget_is_announced_once_per_threshold_then_refused_without_a_provider_call_until_the_budget_is_cleared()
    {
        using var set = await engineer.PutAsJsonAsync(BudgetPath, new { monthlyUsd = 10, hardStop = true });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var client = gateway.Client(gateway.ApplicationToken);

        // $1.10 a call: the 8th reaches 80 % ($8.80), the 10th 100 % ($11.00).
        for (var call = 1; call <= 10; call++)
        {
            using var answer = await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            await FlushAndEvaluateAsync();
            Assert.Equal(call >= 8 ? (call >= 10 ? 2 : 1) : 0, (await ThresholdEntriesAsync()).Count);
        }

        var upstreamCalls = gateway.Stub.Calls;
        using var refused = await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = await GatewayFixture.ErrorAsync(refused);
        Assert.Equal("budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        var month = BudgetMonth.Of(DateTimeOffset.UtcNow).Label;
        Assert.Equal($"Model '{GatewayFixture.Model}' has used its monthly budget of $10.00 ($11.00 spent in {month}); an Engineer can raise it on the model page.",
            error.GetProperty("message").GetString());
        Assert.Equal("false", refused.Headers.GetValues("x-should-retry").Single());
        // Streams and explicit aliases of the model are refused too; none reaches the provider.
        using var streamed = await GatewayFixture.ChatAsync(client, GatewayFixture.Model + "@staging", stream: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, streamed.StatusCode);
        Assert.Equal(upstreamCalls, gateway.Stub.Calls);

        // More evaluations (and the app's own background pass) write nothing more.
        await FlushAndEvaluateAsync();
        var entries = await ThresholdEntriesAsync();
        Assert.Equal([80, 100], entries.Select(e => JsonDocument.Parse(e.After!).RootElement.GetProperty("threshold").GetInt32()));
        await using (var db = await DbAsync())
        {
            var events = await db.WebhookEvents.Where(e => e.Type == WebhookEventTypes.BudgetThreshold).OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(2, events.Count);
            var after = JsonDocument.Parse(events[1].Data).RootElement.GetProperty("after");
            Assert.Equal(GatewayFixture.Model, after.GetProperty("model").GetString());
            Assert.Equal(100, after.GetProperty("threshold").GetInt32());
            Assert.Equal(11m, after.GetProperty("spendUsd").GetDecimal());
            Assert.Equal(10m, after.GetProperty("budgetUsd").GetDecimal());
            Assert.Equal(BudgetMonth.Of(DateTimeOffset.UtcNow).Key, after.GetProperty("month").GetString());
        }

        var status = await engineer.GetFromJsonAsync<JsonElement>(BudgetPath);
        Assert.Equal("exceeded", status.GetProperty("level").GetString());
        Assert.Equal(11m, status.GetProperty("spendUsd").GetDecimal());

        using var cleared = await engineer.DeleteAsync(BudgetPath);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        using var after2 = await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.OK, after2.StatusCode);
        Assert.Equal(upstreamCalls + 1, gateway.Stub.Calls);
        Assert.Equal(JsonValueKind.Null, (await engineer.GetFromJsonAsync<JsonElement>(BudgetPath)).GetProperty("monthlyUsd").ValueKind);

        await using var audit = await DbAsync();
        var actions = await audit.AuditEntries.Where(e => e.Action.StartsWith("budget.")).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal([GatewayAuditActions.BudgetSet, GatewayAuditActions.BudgetThreshold, GatewayAuditActions.BudgetThreshold, GatewayAuditActions.BudgetCleared], actions);
    }

    [Fact]
    public async Task Without_a_hard_stop_calls_go_on_past_the_budget()
    {
        await engineer.PutAsJsonAsync(BudgetPath, new { monthlyUsd = 1, hardStop = false });
        var client = gateway.Client(gateway.ApplicationToken);
        using (var first = await GatewayFixture.ChatAsync(client, GatewayFixture.Model))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await FlushAndEvaluateAsync();
        Assert.Equal(2, (await ThresholdEntriesAsync()).Count);
        using var second = await GatewayFixture.ChatAsync(client, GatewayFixture.Model);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Applications_and_viewers_cannot_set_or_clear_budgets_and_anonymous_callers_are_refused()
    {
        var application = gateway.Client(gateway.ApplicationToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await application.PutAsJsonAsync(BudgetPath, new { monthlyUsd = 50, hardStop = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await application.DeleteAsync(BudgetPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await application.GetAsync(BudgetPath)).StatusCode);
        var reviewer = await gateway.ClientForRoleAsync("reviewer@example.com", Roles.Reviewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PutAsJsonAsync(BudgetPath, new { monthlyUsd = 50 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync(BudgetPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client(null).PutAsJsonAsync(BudgetPath, new { monthlyUsd = 50 })).StatusCode);
        Assert.Null(await gateway.App.Services.GetRequiredService<BudgetQueries>().GetAsync(GatewayFixture.Model));
    }

    [Theory]
    [InlineData("{\"monthlyUsd\": -5, \"hardStop\": true}", "monthlyUsd")]
    [InlineData("{\"monthlyUsd\": 0}", "monthlyUsd")]
    [InlineData("{\"monthlyUsd\": \"50\"}", "monthlyUsd")]
    [InlineData("{\"monthlyUsd\": 1e12}", "monthlyUsd")]
    [InlineData("{\"monthlyUsd\": 1e400}", "monthlyUsd")]
    [InlineData("{\"monthlyUsd\": 12.345}", "monthlyUsd")]
    [InlineData("{\"hardStop\": true}", "monthlyUsd")]
    [InlineData("{\"monthlyUsd\": null}", "monthlyUsd")]
    [InlineData("[50]", "monthlyUsd")]
    [InlineData("{\"monthlyUsd\": 50, \"hardStop\": \"yes\"}", "hardStop")]
    [InlineData("{\"monthlyUsd\": 50,", "body")]
    [InlineData("", "body")]
    public async Task Bad_budgets_are_400s_naming_the_field(string body, string field)
    {
        using var response = await engineer.PutAsync(BudgetPath, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_a_400_and_unknown_models_are_404s()
    {
        var padding = new string(' ', 10_000);
        using var large = await engineer.PutAsync(BudgetPath, new StringContent("{\"monthlyUsd\": 50" + padding + "}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, large.StatusCode);
        Assert.Equal("body", (await large.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await engineer.PutAsJsonAsync("/api/models/no-such-model/budget", new { monthlyUsd = 50 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.DeleteAsync("/api/models/no-such-model/budget")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync("/api/models/no-such-model/budget")).StatusCode);
    }

    private async Task FlushAndEvaluateAsync()
    {
        await gateway.App.Services.GetRequiredService<UsageMeter>().FlushAsync();
        await gateway.App.Services.GetRequiredService<BudgetWatch>().EvaluateAsync([GatewayFixture.Model]);
    }

    private async Task<List<AuditEntry>> ThresholdEntriesAsync()
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.Where(e => e.Action == GatewayAuditActions.BudgetThreshold).OrderBy(e => e.Sequence).ToListAsync();
    }

    private Task<ModelHubDbContext> DbAsync() => gateway.App.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
}
