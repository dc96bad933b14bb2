using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Tests.Promotions.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Identity.Integration;

/// <summary>Who issued a token decides whether it may approve, how the audit log names its actions, and how long what it creates lives.</summary>
public sealed class TokenIssuerTests : IAsyncLifetime
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
    }

    public async Task DisposeAsync()
    {
        engineer.Dispose();
        reviewer.Dispose();
        admin.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_token_an_admin_minted_for_a_reviewer_cannot_approve_or_reject_but_the_reviewers_own_token_can()
    {
        await PromotionTests.StageAsync(engineer, 1);
        await PromotionSeeder.AddGateRunAsync(app.Services, "sentiment", 1, GateRunStatus.Passed, engineer.UserId);
        var id = await PromotionTests.RequestAsync(engineer, 1);
        using var minted = Client(await MintAsync(admin, reviewer.UserId, days: 30));

        Assert.Equal("reviewer@example.com", (string?)JsonNode.Parse(await minted.GetStringAsync("/api/me"))!["email"]);
        Assert.Equal(HttpStatusCode.OK, (await minted.GetAsync("/api/promotions?status=Pending")).StatusCode);
        using var approve = await minted.PostAsJsonAsync($"/api/promotions/{id}/approve", new { comment = "on my behalf" });
        await PromotionTests.AssertProblemAsync(approve, HttpStatusCode.Forbidden, "four-eyes");
        using var reject = await minted.PostAsJsonAsync($"/api/promotions/{id}/reject", new { comment = "on my behalf" });
        await PromotionTests.AssertProblemAsync(reject, HttpStatusCode.Forbidden, "four-eyes");

        // A token minted with the Admin's token is still the Admin's doing.
        using var laundered = Client(await MintAsync(minted, "me", days: 7));
        using var launderedApprove = await laundered.PostAsJsonAsync($"/api/promotions/{id}/approve", new { comment = "laundered" });
        await PromotionTests.AssertProblemAsync(launderedApprove, HttpStatusCode.Forbidden, "four-eyes");

        Assert.Equal("Pending", (string?)JsonNode.Parse(await reviewer.Http.GetStringAsync($"/api/promotions/{id}"))!["status"]);
        using var own = Client(await MintAsync(reviewer.Http, "me", days: 7));
        using var approved = await own.PostAsJsonAsync($"/api/promotions/{id}/approve", new { comment = "my own act" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
    }

    [Fact]
    public async Task An_action_with_a_token_someone_else_issued_names_both_in_the_audit_log()
    {
        using var minted = Client(await MintAsync(admin, engineer.UserId, days: 30));

        await PromotionTests.StageAsync(new JobsApi(minted, engineer.UserId), 1);

        var staged = await JobsApi.WithDbAsync(app.Services, db => Task.FromResult(
            db.AuditEntries.Where(e => e.Action == "version.staged").Select(e => new { e.ActorId, e.ActorName }).Single()));
        Assert.Equal("engineer@example.com with a token issued by admin@example.com", staged.ActorName);
        Assert.Equal(engineer.UserId, staged.ActorId);
    }

    [Fact]
    public async Task A_token_created_with_a_token_never_outlives_it()
    {
        var shortLived = await app.IssueTokenAsync(engineer.UserId, days: 2);
        using var client = Client(shortLived);
        var creatorExpires = JsonNode.Parse(await admin.Http.GetStringAsync($"/api/users/{engineer.UserId}/tokens"))!
            .AsArray().Min(t => (DateTimeOffset)t!["expiresAt"]!);

        using var response = await client.PostAsJsonAsync("/api/me/tokens", new { name = "year-long", expiresInDays = 366 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((DateTimeOffset)issued["expiresAt"]! <= creatorExpires, $"{issued["expiresAt"]} outlives {creatorExpires:O}");
        Assert.Contains("never outlives", (string?)issued["notice"]);

        // Asking for less than the creator has left is granted as asked, without a notice.
        using var shorter = await client.PostAsJsonAsync("/api/me/tokens", new { name = "a-day", expiresInDays = 1 });
        Assert.Null(JsonNode.Parse(await shorter.Content.ReadAsStringAsync())!["notice"]);
    }

    private static async Task<string> MintAsync(JobsApi issuer, string userId, int days) => await MintAsync(issuer.Http, userId, days);

    private static async Task<string> MintAsync(HttpClient issuer, string userId, int days)
    {
        var path = userId == "me" ? "/api/me/tokens" : $"/api/users/{userId}/tokens";
        using var response = await issuer.PostAsJsonAsync(path, new { name = "minted", expiresInDays = days });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        return (string)JsonNode.Parse(body)!["token"]!;
    }

    private HttpClient Client(string token)
    {
        var http = new HttpClient { BaseAddress = app.ServerAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
