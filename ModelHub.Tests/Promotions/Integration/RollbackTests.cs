using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;
using static ModelHub.Tests.Promotions.Integration.PromotionTests;

namespace ModelHub.Tests.Promotions.Integration;

/// <summary>One-click rollback, the deployment timeline, and the invariants under concurrent approvals and rollbacks.</summary>
public sealed class RollbackTests : IAsyncLifetime
{
    // The provider is unreachable throughout: a rollback touches only the registry.
    // Each reading moves the clock a little, so consecutive changes keep distinct times as they would in real time.
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
    private readonly ModelHubFactory app;
    private JobsApi engineer = null!;
    private JobsApi reviewer = null!;
    private JobsApi onCall = null!;

    public RollbackTests() =>
        app = new(realHttp: true, settings: new Dictionary<string, string?> { ["Simulator:Faults:ErrorRate"] = "1.0" }) { Time = clock };

    public async Task InitializeAsync()
    {
        engineer = await PromotionSeeder.ClientAsync(app, "engineer@example.com", Roles.Engineer);
        reviewer = await PromotionSeeder.ClientAsync(app, "reviewer@example.com", Roles.Reviewer);
        onCall = await PromotionSeeder.ClientAsync(app, "oncall@example.com", Roles.OnCall);
        for (var v = 1; v <= 3; v++)
        {
            await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", engineer.UserId);
        }
    }

    public async Task DisposeAsync()
    {
        engineer.Dispose();
        reviewer.Dispose();
        onCall.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Rollback_restores_the_previous_production_version_even_with_the_provider_unreachable()
    {
        await PromoteAsync(1);
        var beforeV2 = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(1));
        await PromoteAsync(2);

        using var response = await onCall.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { reason = "v2 answers in the wrong language" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)body["version"]!);
        Assert.Equal(2, (int)body["previousVersion"]!);

        Assert.Equal(1, (int)JsonNode.Parse(await onCall.Http.GetStringAsync("/api/models/sentiment/aliases/production"))!["version"]!);
        var timeline = JsonNode.Parse(await onCall.Http.GetStringAsync("/api/models/sentiment/deployments"))!.AsArray();
        Assert.Equal([1, 2, 1], timeline.Select(d => (int)d!["version"]!).Reverse());
        Assert.Equal("rollback", (string?)timeline[0]!["kind"]);
        Assert.Equal("oncall@example.com", (string?)timeline[0]!["by"]);
        Assert.Equal("v2 answers in the wrong language", (string?)timeline[0]!["reason"]);

        var at = Uri.EscapeDataString(beforeV2.ToString("O"));
        var then = JsonNode.Parse(await onCall.Http.GetStringAsync($"/api/models/sentiment/deployments?at={at}"))!.AsArray();
        Assert.Equal(1, (int)Assert.Single(then)!["version"]!);

        var rollback = await JobsApi.WithDbAsync(app.Services, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.Rollback));
        Assert.Equal("oncall@example.com", rollback.ActorName);
        Assert.True((await app.Services.GetRequiredService<VerifyAuditChain>().ExecuteAsync()).Ok);
    }

    [Fact]
    public async Task Rollback_to_an_older_previously_production_version_is_offered_and_others_are_refused()
    {
        await PromoteAsync(1);
        await PromoteAsync(2);
        await PromoteAsync(3);
        var targets = await app.Services.GetRequiredService<RollBack>().TargetsAsync("sentiment");
        Assert.Equal([2, 1], targets.Select(t => t.Version));

        using var older = await onCall.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { toVersion = 1, reason = "back to the known good" });
        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        Assert.Equal(1, (int)JsonNode.Parse(await onCall.Http.GetStringAsync("/api/models/sentiment/aliases/production"))!["version"]!);

        using var current = await onCall.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { toVersion = 1, reason = "again" });
        await AssertProblemAsync(current, HttpStatusCode.Conflict, "invalid-transition");
    }

    [Fact]
    public async Task Rollback_needs_a_reason_an_on_call_role_and_an_earlier_production_version()
    {
        using var none = await onCall.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { reason = "nothing to go back to" });
        await AssertProblemAsync(none, HttpStatusCode.Conflict, "invalid-transition");

        await PromoteAsync(1);
        await PromoteAsync(2);
        using var noReason = await onCall.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { reason = " " });
        var problem = await AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "validation");
        Assert.Equal("reason", (string?)problem["field"]);

        using var engineerTry = await engineer.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { reason = "I am not on call" });
        Assert.Equal(HttpStatusCode.Forbidden, engineerTry.StatusCode);
    }

    [Fact]
    public async Task Concurrent_approvals_and_rollbacks_keep_one_production_version_the_alias_and_the_audit_chain()
    {
        await PromoteAsync(1);
        await PromoteAsync(2);
        await StageAsync(engineer, 3);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 3, GateRunStatus.Passed, engineer.UserId);
        var request = await RequestAsync(engineer, 3);

        var calls = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 20; i++)
        {
            calls.Add(onCall.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { reason = $"drill {i}" }));
            calls.Add(reviewer.Http.PostAsJsonAsync($"/api/promotions/{request}/approve", new { }));
            calls.Add(onCall.Http.PostAsJsonAsync("/api/models/sentiment/rollback", new { toVersion = 1, reason = $"drill to v1 {i}" }));
        }

        var responses = await Task.WhenAll(calls);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.RequestMessage!.RequestUri!.AbsolutePath.EndsWith("/approve", StringComparison.Ordinal) && r.StatusCode == HttpStatusCode.OK);
        foreach (var r in responses)
        {
            r.Dispose();
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ModelHub.Core.Data.ModelHubDbContext>>().CreateDbContextAsync();
        var production = await db.ModelVersions.Where(v => v.RegisteredModel!.Name == "sentiment" && v.Stage == ModelStage.Production).Select(v => v.Number).ToListAsync();
        var only = Assert.Single(production);
        Assert.Equal(only, (int)JsonNode.Parse(await onCall.Http.GetStringAsync("/api/models/sentiment/aliases/production"))!["version"]!);
        Assert.Equal(1, await db.Deployments.CountAsync(d => d.To == null));
        Assert.Equal(only, await db.Deployments.Where(d => d.To == null).Select(d => db.ModelVersions.Single(v => v.Id == d.ModelVersionId).Number).SingleAsync());
        Assert.True((await app.Services.GetRequiredService<VerifyAuditChain>().ExecuteAsync()).Ok);
    }

    private async Task PromoteAsync(int version)
    {
        await StageAsync(engineer, version);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", version, GateRunStatus.Passed, engineer.UserId);
        var id = await RequestAsync(engineer, version);
        using var approved = await reviewer.Http.PostAsJsonAsync($"/api/promotions/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }
}
