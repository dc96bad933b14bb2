using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Audit.Integration;

/// <summary>The anchor file outside the database: it remembers how far the chain reached, so cutting it off shows.</summary>
public sealed class AuditAnchorTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-7";
    private readonly TempFolder anchorFolder = new("anchor");
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private ModelHubFactory app = null!;

    public Task InitializeAsync()
    {
        app = new ModelHubFactory(settings: new Dictionary<string, string?> { ["ModelHub:Audit:AnchorPath"] = Path.Combine(anchorFolder.Path, "anchor.log") })
        {
            Time = time,
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        anchorFolder.Dispose();
    }

    [Fact]
    public async Task Deleting_the_newest_entries_after_a_verify_is_reported_as_truncated()
    {
        var api = await AdminApiAsync();
        await app.CreateUserAsync("bo@example.com", Password);
        await app.CreateUserAsync("cy@example.com", Password);
        var before = await VerifyAsync(api);
        Assert.True(before.GetProperty("ok").GetBoolean());
        Assert.False(before.GetProperty("truncated").GetBoolean());
        var head = before.GetProperty("checkedCount").GetInt64();

        await using (var db = await NewDbAsync())
        {
            Assert.Equal(2, await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {head - 2}"));
        }

        var after = await VerifyAsync(api);
        Assert.False(after.GetProperty("ok").GetBoolean());
        Assert.True(after.GetProperty("truncated").GetBoolean());
        Assert.Equal(head - 2, after.GetProperty("checkedCount").GetInt64());
        Assert.Equal(head, after.GetProperty("lastAnchor").GetProperty("sequence").GetInt64());

        // A verification of the cut chain does not anchor its shorter head, so the cut keeps showing.
        Assert.True((await VerifyAsync(api)).GetProperty("truncated").GetBoolean());
    }

    [Fact]
    public async Task Rewriting_the_anchored_head_and_its_hash_is_reported_at_that_entry()
    {
        var api = await AdminApiAsync();
        await app.CreateUserAsync("bo@example.com", Password);
        var head = (await VerifyAsync(api)).GetProperty("checkedCount").GetInt64();

        await using (var db = await NewDbAsync())
        {
            // The newest entry has no successor whose link would break: only the anchor knows its real hash.
            var last = await db.AuditEntries.SingleAsync(e => e.Sequence == head);
            last.ActorName = "mallory@example.com";
            last.Hash = AuditHash.Compute(last);
            await db.SaveChangesAsync();
        }

        var verified = await VerifyAsync(api);
        Assert.False(verified.GetProperty("ok").GetBoolean());
        Assert.Equal((head, "anchor mismatch"), (verified.GetProperty("firstBroken").GetProperty("sequence").GetInt64(), verified.GetProperty("firstBroken").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task The_head_is_anchored_in_the_configured_file_every_interval_while_it_moves()
    {
        await AdminApiAsync();
        var anchor = app.Services.GetRequiredService<AuditAnchor>();
        Assert.Equal(Path.Combine(anchorFolder.Path, "anchor.log"), anchor.FilePath);
        await app.CreateUserAsync("bo@example.com", Password);
        var head = await HeadAsync();

        var marks = await AdvanceUntilAnchoredAsync(anchor, head.Sequence);
        Assert.Equal(head.Hash, marks[^1].Hash);
        Assert.False(File.Exists(Path.Combine(app.DataFolder, "audit-anchor.log")));

        // Only a head that moved is appended: one new entry, one new mark, however many ticks pass.
        var count = marks.Count;
        await app.CreateUserAsync("cy@example.com", Password);
        var moved = await AdvanceUntilAnchoredAsync(anchor, head.Sequence + 1);
        Assert.Equal(count + 1, moved.Count);
    }

    private async Task<List<AuditAnchorMark>> AdvanceUntilAnchoredAsync(AuditAnchor anchor, long sequence)
    {
        // The writer runs on the app's fake clock; each advance is one interval. Waiting is bounded, never asserted on.
        for (var i = 0; i < 200; i++)
        {
            time.Advance(TimeSpan.FromSeconds(300));
            await Task.Delay(25);
            var marks = (await anchor.ReadAsync()).ToList();
            if (marks.Count > 0 && marks[^1].Sequence == sequence)
            {
                return marks;
            }
        }

        throw new Xunit.Sdk.XunitException($"Entry {sequence} was never anchored.");
    }

    private async Task<(long Sequence, string Hash)> HeadAsync()
    {
        await using var db = await NewDbAsync();
        var head = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        return (head.Sequence, head.Hash);
    }

    private async Task<HttpClient> AdminApiAsync()
    {
        var admin = await app.CreateUserAsync("admin@example.com", Password, Roles.Admin);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(admin.Id));
        return client;
    }

    private async Task<ModelHubDbContext> NewDbAsync() =>
        await app.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();

    private static async Task<JsonElement> VerifyAsync(HttpClient api)
    {
        var response = await api.PostAsync("/api/audit/verify", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
