using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Integration;

/// <summary>Staging, promotion requests with four eyes and frozen evidence, over real HTTP.</summary>
public sealed class PromotionTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new(realHttp: true);
    private JobsApi engineer = null!;
    private JobsApi reviewer = null!;
    private JobsApi admin = null!;

    public async Task InitializeAsync()
    {
        engineer = await PromotionSeeder.ClientAsync(app, "engineer@example.com", Roles.Engineer);
        reviewer = await PromotionSeeder.ClientAsync(app, "reviewer@example.com", Roles.Reviewer);
        admin = await PromotionSeeder.ClientAsync(app, "admin@example.com", Roles.Admin);
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", engineer.UserId);
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", engineer.UserId);
    }

    public async Task DisposeAsync()
    {
        engineer.Dispose();
        reviewer.Dispose();
        admin.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Staged_version_with_a_passed_gate_is_requested_approved_and_becomes_production_with_every_step_audited()
    {
        var id = await StageAndRequestAsync(engineer, 1);

        var pending = JsonNode.Parse(await reviewer.Http.GetStringAsync("/api/promotions?status=Pending"))!.AsArray();
        var request = Assert.Single(pending)!;
        Assert.Equal("Pending", (string?)request["status"]);
        Assert.Equal("engineer@example.com", (string?)request["requestedBy"]);
        Assert.Equal(0.9, (double)request["evidence"]!["metrics"]!["accuracy"]!);
        Assert.True((bool)request["evidence"]!["rules"]![0]!["passed"]!);
        Assert.Null(request["evidence"]!["production"]);

        using var approved = await reviewer.Http.PostAsJsonAsync($"/api/promotions/{id}/approve", new { comment = "Looks good" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", (string?)JsonNode.Parse(await approved.Content.ReadAsStringAsync())!["status"]);

        var resolved = JsonNode.Parse(await engineer.Http.GetStringAsync("/api/models/sentiment/aliases/production"))!;
        Assert.Equal(1, (int)resolved["version"]!);
        var deployments = JsonNode.Parse(await engineer.Http.GetStringAsync("/api/models/sentiment/deployments"))!.AsArray();
        var current = Assert.Single(deployments)!;
        Assert.Equal(1, (int)current["version"]!);
        Assert.Null(current["to"]);
        Assert.Equal("promotion", (string?)current["kind"]);
        Assert.Equal("reviewer@example.com", (string?)current["by"]);

        Assert.True((await app.Services.GetRequiredService<VerifyAuditChain>().ExecuteAsync()).Ok);
        var actions = await JobsApi.WithDbAsync(app.Services, db => Task.FromResult(db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Action + " " + e.ActorName).ToList()));
        Assert.Contains("version.staged engineer@example.com", actions);
        Assert.Contains("promotion.requested engineer@example.com", actions);
        Assert.Contains("promotion.approved reviewer@example.com", actions);
        Assert.Contains("version.promoted reviewer@example.com", actions);
    }

    [Fact]
    public async Task Requester_cannot_approve_own_request_even_as_admin()
    {
        await StageAsync(admin, 1);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 1, GateRunStatus.Passed, admin.UserId);
        var id = await RequestAsync(admin, 1);

        using var response = await admin.Http.PostAsJsonAsync($"/api/promotions/{id}/approve", new { comment = "mine" });
        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "four-eyes");
    }

    [Fact]
    public async Task The_engineer_who_launched_the_candidates_job_cannot_approve_it_even_as_admin()
    {
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", admin.UserId);
        await StageAndRequestAsync(engineer, 3);
        var id = (int)JsonNode.Parse(await admin.Http.GetStringAsync("/api/promotions?status=Pending"))!.AsArray().Single()!["id"]!;

        using var response = await admin.Http.PostAsJsonAsync($"/api/promotions/{id}/approve", new { });
        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "four-eyes");
    }

    [Fact]
    public async Task A_version_without_a_passed_gate_run_cannot_be_requested()
    {
        await StageAsync(engineer, 1);
        using var none = await engineer.Http.PostAsJsonAsync("/api/promotions", new { model = "sentiment", version = 1 });
        await AssertProblemAsync(none, HttpStatusCode.Conflict, "gate-not-passed");

        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 1, GateRunStatus.Passed, engineer.UserId);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 1, GateRunStatus.Failed, engineer.UserId);
        using var failed = await engineer.Http.PostAsJsonAsync("/api/promotions", new { model = "sentiment", version = 1 });
        await AssertProblemAsync(failed, HttpStatusCode.Conflict, "gate-not-passed");
    }

    [Fact]
    public async Task Only_a_staging_version_can_be_requested_and_production_is_not_a_direct_stage()
    {
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 1, GateRunStatus.Passed, engineer.UserId);
        using var request = await engineer.Http.PostAsJsonAsync("/api/promotions", new { model = "sentiment", version = 1 });
        await AssertProblemAsync(request, HttpStatusCode.Conflict, "invalid-transition");

        using var direct = await engineer.Http.PostAsJsonAsync("/api/models/sentiment/versions/1/stage", new { stage = "Production", reason = "shortcut" });
        await AssertProblemAsync(direct, HttpStatusCode.Conflict, "invalid-transition");
    }

    [Fact]
    public async Task Deploying_to_staging_demotes_the_previous_staging_version_to_none()
    {
        await StageAsync(engineer, 1);
        await StageAsync(engineer, 2);
        var model = JsonNode.Parse(await engineer.Http.GetStringAsync("/api/models/sentiment/versions/1"))!;
        Assert.Equal("None", (string?)model["stage"]);
        var staging = JsonNode.Parse(await engineer.Http.GetStringAsync("/api/models/sentiment/aliases/staging"))!;
        Assert.Equal(2, (int)staging["version"]!);
    }

    [Fact]
    public async Task A_request_whose_candidate_got_a_newer_gate_run_is_stale_and_cannot_be_approved()
    {
        var id = await StageAndRequestAsync(engineer, 1);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 1, GateRunStatus.Passed, engineer.UserId);

        var request = JsonNode.Parse(await reviewer.Http.GetStringAsync($"/api/promotions/{id}"))!;
        Assert.Equal("Stale", (string?)request["status"]);
        using var response = await reviewer.Http.PostAsJsonAsync($"/api/promotions/{id}/approve", new { });
        await AssertProblemAsync(response, HttpStatusCode.Conflict, "stale-request");
        Assert.Empty(JsonNode.Parse(await reviewer.Http.GetStringAsync("/api/promotions?status=Pending"))!.AsArray());
    }

    [Fact]
    public async Task A_request_goes_stale_when_production_changes_or_the_candidate_leaves_staging()
    {
        var first = await StageAndRequestAsync(engineer, 1);
        using (var approved = await reviewer.Http.PostAsJsonAsync($"/api/promotions/{first}/approve", new { }))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        var second = await StageAndRequestAsync(engineer, 2);
        using (var unstaged = await engineer.Http.PostAsJsonAsync("/api/models/sentiment/versions/2/stage", new { stage = "None", reason = "not yet" }))
        {
            Assert.Equal(HttpStatusCode.OK, unstaged.StatusCode);
        }

        using var response = await reviewer.Http.PostAsJsonAsync($"/api/promotions/{second}/approve", new { });
        await AssertProblemAsync(response, HttpStatusCode.Conflict, "stale-request");
    }

    [Fact]
    public async Task Rejecting_needs_a_comment_and_leaves_stages_alone()
    {
        var id = await StageAndRequestAsync(engineer, 1);
        using var bare = await reviewer.Http.PostAsJsonAsync($"/api/promotions/{id}/reject", new { });
        var problem = await AssertProblemAsync(bare, HttpStatusCode.BadRequest, "validation");
        Assert.Equal("comment", (string?)problem["field"]);

        using var rejected = await reviewer.Http.PostAsJsonAsync($"/api/promotions/{id}/reject", new { comment = "Precision on 'neutral' too low" });
        Assert.Equal("Rejected", (string?)JsonNode.Parse(await rejected.Content.ReadAsStringAsync())!["status"]);
        var version = JsonNode.Parse(await engineer.Http.GetStringAsync("/api/models/sentiment/versions/1"))!;
        Assert.Equal("Staging", (string?)version["stage"]);
    }

    [Fact]
    public async Task An_engineer_cannot_approve_and_a_reviewer_cannot_stage()
    {
        var id = await StageAndRequestAsync(engineer, 1);
        using var approve = await engineer.Http.PostAsJsonAsync($"/api/promotions/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        using var stage = await reviewer.Http.PostAsJsonAsync("/api/models/sentiment/versions/2/stage", new { stage = "Staging" });
        Assert.Equal(HttpStatusCode.Forbidden, stage.StatusCode);
    }

    internal static async Task StageAsync(JobsApi client, int version, string model = "sentiment")
    {
        using var response = await client.Http.PostAsJsonAsync($"/api/models/{model}/versions/{version}/stage", new { stage = "Staging", reason = "candidate" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task<int> RequestAsync(JobsApi client, int version, string model = "sentiment")
    {
        using var response = await client.Http.PostAsJsonAsync("/api/promotions", new { model, version, comment = "Beats production" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (int)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private async Task<int> StageAndRequestAsync(JobsApi client, int version)
    {
        await StageAsync(client, version);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", version, GateRunStatus.Passed, client.UserId);
        return await RequestAsync(client, version);
    }

    internal static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(type, (string?)problem["type"]);
        return problem;
    }
}
