using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Audit.Integration;

/// <summary>The audit log on the real app and a real SQLite file: what is written, that the chain holds, and that tampering shows.</summary>
public sealed class AuditLogTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-7";
    private readonly ModelHubFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Changes_made_through_the_api_are_written_with_the_acting_user_action_and_object()
    {
        var (admin, api) = await AdminClientAsync();

        var created = await api.PostAsJsonAsync("/api/users", new { email = "bo@example.com", password = Password, roles = new[] { Roles.Engineer } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bo = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.True((await api.PutAsJsonAsync($"/api/users/{bo}/roles", new { roles = new[] { Roles.Engineer, Roles.Reviewer } })).IsSuccessStatusCode);
        Assert.True((await api.PostAsJsonAsync($"/api/users/{bo}/reset-password", new { password = "another-horse-battery-8" })).IsSuccessStatusCode);
        Assert.True((await api.PostAsync($"/api/users/{bo}/disable", null)).IsSuccessStatusCode);
        Assert.True((await api.PostAsync($"/api/users/{bo}/enable", null)).IsSuccessStatusCode);
        var token = await (await api.PostAsJsonAsync($"/api/users/{bo}/tokens", new { name = "ci" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((await api.DeleteAsync($"/api/users/{bo}/tokens/{token.GetProperty("id").GetInt32()}")).IsSuccessStatusCode);
        var upload = await api.PostAsync("/api/datasets", DatasetUploadApiTests.Upload(SampleDatasets.CleanTrain(), "Reviews", "training"));
        var dataset = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync("/api/datasets", DatasetUploadApiTests.Upload(SampleDatasets.CleanTrain(), "Again", "training"))).StatusCode);
        Assert.True((await api.PostAsync($"/api/datasets/{dataset}/archive", null)).IsSuccessStatusCode);

        var entries = await EntriesAsync(api, "/api/audit?actor=admin@&pageSize=200");
        Assert.Equal(
            ["user.created", "user.roles-changed", "user.password-reset", "user.disabled", "user.enabled", "token.issued", "token.revoked", "dataset.uploaded", "dataset.archived"],
            entries.Select(e => e.GetProperty("action").GetString()).Reverse());
        Assert.All(entries, e => Assert.Equal(admin.Id, e.GetProperty("actorId").GetString()));
        Assert.All(entries, e => Assert.Equal("admin@example.com", e.GetProperty("actorName").GetString()));

        var roles = entries.Single(e => e.GetProperty("action").GetString() == AuditActions.UserRolesChanged);
        Assert.Equal(("user", bo, "bo@example.com"), (roles.GetProperty("objectType").GetString(), roles.GetProperty("objectId").GetString(), roles.GetProperty("objectName").GetString()));
        Assert.Equal("""{"roles":["Engineer"]}""", roles.GetProperty("before").GetString());
        Assert.Equal("""{"roles":["Engineer","Reviewer"]}""", roles.GetProperty("after").GetString());
        var archived = entries.Single(e => e.GetProperty("action").GetString() == AuditActions.DatasetArchived);
        Assert.Equal(("dataset", dataset.ToString(), "Reviews"), (archived.GetProperty("objectType").GetString(), archived.GetProperty("objectId").GetString(), archived.GetProperty("objectName").GetString()));

        var everything = string.Join("\n", (await EntriesAsync(api, "/api/audit?pageSize=200")).Select(e => e.GetRawText()));
        Assert.DoesNotContain(Password, everything);
        Assert.DoesNotContain("another-horse-battery-8", everything);
        Assert.DoesNotContain(token.GetProperty("token").GetString()!, everything);
        Assert.Contains("\"actorName\":\"system\"", everything);
    }

    [Fact]
    public async Task Filters_narrow_by_action_prefix_object_and_time()
    {
        var (_, api) = await AdminClientAsync();
        await app.CreateUserAsync("bo@example.com", Password);

        var users = await EntriesAsync(api, "/api/audit?action=user.");
        Assert.All(users, e => Assert.StartsWith("user.", e.GetProperty("action").GetString()));
        Assert.Equal(2, users.Count);
        var bo = Assert.Single(await EntriesAsync(api, "/api/audit?object=BO@example"));
        Assert.Single(await EntriesAsync(api, $"/api/audit?object=user:{bo.GetProperty("objectId").GetString()}"));
        Assert.Empty(await EntriesAsync(api, $"/api/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}"));
        Assert.Equal(3, (await EntriesAsync(api, $"/api/audit?to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}")).Count);

        var page = await api.GetFromJsonAsync<JsonElement>("/api/audit?page=2&pageSize=2");
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("items")[0].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Concurrent_appends_give_a_gapless_sequence_and_a_chain_that_verifies()
    {
        var (_, api) = await AdminClientAsync();
        var log = app.Services.GetRequiredService<AuditLog>();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => log.WriteAsync((_, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, $"s{i}"));
            trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, $"s{i}b"));
            return Task.FromResult(i);
        }))));

        await using var db = await NewDbAsync();
        var sequences = await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 82).Select(i => (long)i), sequences);
        var verified = await VerifyAsync(api);
        Assert.True(verified.GetProperty("ok").GetBoolean());
        Assert.Equal(82, verified.GetProperty("checkedCount").GetInt64());
    }

    [Fact]
    public async Task Two_apps_on_one_database_appending_at_once_keep_one_gapless_chain()
    {
        await using var other = new ModelHubFactory(dataFolder: app.DataFolder);
        var logs = new[] { app.Services.GetRequiredService<AuditLog>(), other.Services.GetRequiredService<AuditLog>() };

        // Each app has its own in-process lock, so only the database keeps the two chains from forking.
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => logs[i % 2].WriteAsync((_, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, $"s{i}"));
            return Task.FromResult(i);
        }))));

        await using var db = await NewDbAsync();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), await db.AuditEntries.OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync());
        var verified = await app.Services.GetRequiredService<VerifyAuditChain>().ExecuteAsync();
        Assert.True(verified.Ok, verified.FirstBroken?.Reason);
    }

    [Theory]
    [InlineData("After", "{\"roles\":[]}")]
    [InlineData("ActorName", "mallory@example.com")]
    public async Task Tampering_with_a_row_is_reported_by_verify_at_that_entry(string column, string value)
    {
        var (_, api) = await AdminClientAsync();
        await app.CreateUserAsync("bo@example.com", Password, Roles.Engineer);
        await app.CreateUserAsync("cy@example.com", Password);
        Assert.True((await VerifyAsync(api)).GetProperty("ok").GetBoolean());

        await using (var db = await NewDbAsync())
        {
            var updated = column == "After"
                ? await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"After\" = {value} WHERE \"Sequence\" = 2")
                : await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"ActorName\" = {value} WHERE \"Sequence\" = 2");
            Assert.Equal(1, updated);
        }

        var verified = await VerifyAsync(api);
        Assert.False(verified.GetProperty("ok").GetBoolean());
        Assert.Equal(1, verified.GetProperty("checkedCount").GetInt64());
        Assert.Equal(2, verified.GetProperty("firstBroken").GetProperty("sequence").GetInt64());
        Assert.Equal("hash mismatch", verified.GetProperty("firstBroken").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Deleting_a_middle_row_or_rehashing_a_tampered_row_is_detected()
    {
        var (_, api) = await AdminClientAsync();
        foreach (var name in new[] { "bo", "cy", "di" })
        {
            await app.CreateUserAsync($"{name}@example.com", Password);
        }

        await using (var db = await NewDbAsync())
        {
            // A forger who recomputes the tampered row's own hash still breaks the next row's link.
            var third = await db.AuditEntries.SingleAsync(e => e.Sequence == 3);
            third.ActorName = "mallory@example.com";
            third.Hash = AuditHash.Compute(third);
            await db.SaveChangesAsync();
        }

        var relinked = await VerifyAsync(api);
        Assert.Equal((4L, "broken link"), (relinked.GetProperty("firstBroken").GetProperty("sequence").GetInt64(), relinked.GetProperty("firstBroken").GetProperty("reason").GetString()));

        await using (var db = await NewDbAsync())
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2");
        }

        var gap = await VerifyAsync(api);
        Assert.False(gap.GetProperty("ok").GetBoolean());
        Assert.Equal((3L, "sequence gap"), (gap.GetProperty("firstBroken").GetProperty("sequence").GetInt64(), gap.GetProperty("firstBroken").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Csv_export_quotes_fields_and_defuses_formulas()
    {
        var (_, api) = await AdminClientAsync();
        await app.Services.GetRequiredService<AuditLog>().WriteAsync((_, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.SettingsChanged, AuditObjects.Settings, "x", "=HYPERLINK(\"http://evil\")")
            {
                Reason = "line one,\nline \"two\"",
            });
            return Task.FromResult(0);
        });

        var response = await api.GetAsync("/api/audit/export.csv?action=settings.");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n");
        Assert.StartsWith("sequence,at_utc,actor_id,actor,action,", lines[0]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", csv);
        Assert.Contains(",\"line one,\nline \"\"two\"\"\",", csv);
        Assert.DoesNotContain("user.created", csv);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task The_audit_api_needs_sign_in_and_is_open_to_every_signed_in_user()
    {
        await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/audit/verify", null)).StatusCode);

        var viewer = await app.CreateUserAsync("viewer@example.com", Password);
        var api = Bearer(await app.IssueTokenAsync(viewer.Id));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/audit")).StatusCode);
        Assert.True((await VerifyAsync(api)).GetProperty("ok").GetBoolean());
    }

    private async Task<(UserSummary Admin, HttpClient Api)> AdminClientAsync()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        return (admin, Bearer(await app.IssueTokenAsync(admin.Id)));
    }

    private HttpClient Bearer(string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<ModelHubDbContext> NewDbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();

    private static async Task<List<JsonElement>> EntriesAsync(HttpClient api, string url) =>
        [.. (await api.GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray()];

    private static async Task<JsonElement> VerifyAsync(HttpClient api)
    {
        var response = await api.PostAsync("/api/audit/verify", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
