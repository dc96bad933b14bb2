using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Registry.Integration;

/// <summary><c>GET /api/models/{name}/aliases/{alias}</c> and custom alias moves over real HTTP.</summary>
public sealed class AliasResolveTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new(realHttp: true);
    private JobsApi api = null!;

    public async Task InitializeAsync()
    {
        api = await JobsApi.SignInAsync(app);
        for (var i = 0; i < 3; i++)
        {
            await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", api.UserId);
        }
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Resolving_needs_a_token()
    {
        using var anonymous = new HttpClient { BaseAddress = app.ServerAddress };
        using var response = await anonymous.GetAsync("/api/models/sentiment/aliases/latest");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-real-token-0123456789abcdef0123456789");
        using var forged = await anonymous.GetAsync("/api/models/sentiment/aliases/latest");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Theory]
    [InlineData("/api/models/nope/aliases/production", "Model 'nope' was not found.")]
    [InlineData("/api/models/sentiment/aliases/production", "Model 'sentiment' has no production version.")]
    [InlineData("/api/models/sentiment/aliases/staging", "Model 'sentiment' has no staging version.")]
    [InlineData("/api/models/sentiment/aliases/canary", "Model 'sentiment' has no alias 'canary'.")]
    public async Task A_missing_model_or_alias_is_a_404_problem_naming_what_is_missing(string url, string detail)
    {
        using var response = await api.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(detail, (string?)problem["detail"]);
        Assert.Equal(404, (int)problem["status"]!);
    }

    [Fact]
    public async Task Production_resolves_with_an_ETag_and_If_None_Match_answers_304_until_the_stage_moves()
    {
        await RegistrySeeder.SetStageAsync(app.Services, "sentiment", 1, ModelStage.Production, api.UserId);
        using var first = await api.Http.GetAsync("/api/models/sentiment/aliases/production");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        Assert.Equal("sentiment", (string?)body["model"]);
        Assert.Equal("production", (string?)body["alias"]);
        Assert.Equal(1, (int)body["version"]!);
        Assert.Equal("Production", (string?)body["stage"]);
        Assert.StartsWith("ft:gpt-4o-mini", (string?)body["providerModelId"]);
        Assert.NotNull(body["since"]);
        var etag = first.Headers.ETag!;
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/models/sentiment/aliases/production");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await api.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        await RegistrySeeder.SetStageAsync(app.Services, "sentiment", 2, ModelStage.Production, api.UserId);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/models/sentiment/aliases/production");
        again.Headers.IfNoneMatch.Add(etag);
        using var moved = await api.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(2, (int)JsonNode.Parse(await moved.Content.ReadAsStringAsync())!["version"]!);
        Assert.NotEqual(etag, moved.Headers.ETag);
    }

    [Fact]
    public async Task The_first_request_after_an_alias_move_returns_the_new_version()
    {
        for (var i = 0; i < 12; i++)
        {
            var target = (i % 3) + 1;
            using var put = await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/canary", new { version = target });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);

            // The cache is warm from the previous round: only invalidation can make this answer right.
            var resolved = JsonNode.Parse(await api.Http.GetStringAsync("/api/models/sentiment/aliases/canary"))!;
            Assert.Equal(target, (int)resolved["version"]!);
        }

        using var removed = await api.Http.DeleteAsync("/api/models/sentiment/aliases/canary");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var gone = await api.Http.GetAsync("/api/models/sentiment/aliases/canary");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Setting_moving_and_removing_an_alias_are_audited_with_before_and_after()
    {
        Assert.True((await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/shadow", new { version = 1 })).IsSuccessStatusCode);
        Assert.True((await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/shadow", new { version = 3 })).IsSuccessStatusCode);
        using (var again = await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/shadow", new { version = 3 }))
        {
            // Putting it where it already is changes nothing, so it writes no entry.
            var unchanged = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
            Assert.Equal((3, false, false), ((int)unchanged["version"]!, (bool)unchanged["created"]!, (bool)unchanged["changed"]!));
        }

        Assert.True((await api.Http.DeleteAsync("/api/models/sentiment/aliases/shadow")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/shadow", new { version = 99 })).StatusCode);

        var entries = JsonNode.Parse(await api.Http.GetStringAsync("/api/audit?action=alias.&pageSize=50"))!["items"]!.AsArray().Reverse().ToList();
        Assert.Equal(["alias.set", "alias.set", "alias.removed"], entries.Select(e => (string?)e!["action"]));
        Assert.All(entries, e => Assert.Equal("sentiment @shadow", (string?)e!["objectName"]));
        Assert.All(entries, e => Assert.Equal(api.UserId, (string?)e!["actorId"]));
        Assert.Equal(("""{"version":null}""", """{"version":1}"""), ((string?)entries[0]!["before"], (string?)entries[0]!["after"]));
        Assert.Equal(("""{"version":1}""", """{"version":3}"""), ((string?)entries[1]!["before"], (string?)entries[1]!["after"]));
        Assert.Equal(("""{"version":3}""", """{"version":null}"""), ((string?)entries[2]!["before"], (string?)entries[2]!["after"]));
        Assert.True((bool)JsonNode.Parse(await (await api.Http.PostAsync("/api/audit/verify", null)).Content.ReadAsStringAsync())!["ok"]!);
    }

    [Fact]
    public async Task Latest_follows_a_newly_registered_version_at_once()
    {
        Assert.Equal(3, (int)JsonNode.Parse(await api.Http.GetStringAsync("/api/models/sentiment/aliases/latest"))!["version"]!);
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", api.UserId);
        Assert.Equal(4, (int)JsonNode.Parse(await api.Http.GetStringAsync("/api/models/sentiment/aliases/latest"))!["version"]!);
    }

    [Fact]
    public async Task Concurrent_moves_of_one_alias_leave_it_on_exactly_one_version_without_server_errors()
    {
        var moves = Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/blue", new { version = (i % 3) + 1 });
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(moves);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var rows = await db.ModelAliases.Where(a => a.Name == "blue").Select(a => a.ModelVersion!.Number).ToListAsync();
        var only = Assert.Single(rows);
        Assert.Equal(only, (int)JsonNode.Parse(await api.Http.GetStringAsync("/api/models/sentiment/aliases/blue"))!["version"]!);
    }

    [Theory]
    [InlineData("production")]
    [InlineData("staging")]
    [InlineData("latest")]
    [InlineData("Bad Name")]
    public async Task Reserved_or_malformed_alias_names_are_refused(string alias)
    {
        using var response = await api.Http.PutAsJsonAsync($"/api/models/sentiment/aliases/{Uri.EscapeDataString(alias)}", new { version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-alias", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]);
    }

    [Fact]
    public async Task Pointing_an_alias_at_a_missing_version_is_a_404()
    {
        using var response = await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/canary", new { version = 99 });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("has no version 99", await response.Content.ReadAsStringAsync());
    }
}
