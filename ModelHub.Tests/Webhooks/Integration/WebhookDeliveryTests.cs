using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Core.Webhooks;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Webhooks.Integration;

public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Settings = new() { ["ModelHub:Webhooks:AllowPrivateTargets"] = "true" };

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly ModelHubFactory app;
    private WebhookReceiver receiver = null!;
    private WebhookApi admin = null!;

    public WebhookDeliveryTests() => app = new ModelHubFactory(settings: Settings) { Time = time };

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        admin = await WebhookApi.AdminAsync(app);
        await RegistrySeeder.AddVersionAsync(app.Services, "support-bot", admin.UserId);
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_committed_change_posts_a_signed_event_the_receiver_verifies()
    {
        await admin.RegisterAsync(receiver, [WebhookEventTypes.AliasSet]);

        await admin.SetAliasAsync("support-bot", "candidate", 1);

        var post = Assert.Single(await receiver.WaitForAsync(1));
        Assert.True(post.SignatureValid, "The HMAC-SHA256 of timestamp.body with the receiver's secret must match the signature header.");
        Assert.StartsWith("sha256=", post.Signature);
        Assert.Equal("alias.set", post.Event);
        Assert.True(Guid.TryParse(post.Delivery, out _));
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), post.Timestamp);
        var json = post.Json;
        Assert.Equal("alias.set", (string?)json["type"]);
        Assert.True(Guid.TryParse((string?)json["id"], out _));
        Assert.NotNull((string?)json["occurredAt"]);
        Assert.Equal("admin@example.com", (string?)json["data"]!["actor"]);
        Assert.Equal(1, (int?)json["data"]!["after"]!["version"]);
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_exactly_one_successful_delivery_with_the_same_id()
    {
        var webhook = await admin.RegisterAsync(receiver, [WebhookEventTypes.AliasSet]);
        receiver.AnswerNext(500, 500, 503);

        await admin.SetAliasAsync("support-bot", "candidate", 1);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await receiver.WaitForAsync(attempt);
            await admin.WaitForDeliveryAsync(webhook, d => (int)d["attempts"]! == attempt);
            // Past any backoff (10 s doubling, ±20 %), then a nudge so the dispatcher does not wait for its poll.
            time.Advance(TimeSpan.FromMinutes(10));
            app.Services.GetRequiredService<WebhookOutbox>().Signal();
        }

        var delivered = await admin.WaitForDeliveryAsync(webhook, d => (string?)d["status"] == "succeeded");
        time.Advance(TimeSpan.FromHours(2));
        await app.Services.GetRequiredService<WebhookDispatcher>().DispatchAsync(default);

        var posts = receiver.Posts;
        Assert.Equal([500, 500, 503, 200], posts.Select(p => p.Answered));
        Assert.Single(posts.Select(p => p.Delivery).Distinct());
        Assert.All(posts, p => Assert.True(p.SignatureValid));
        Assert.Equal(4, (int)delivered["attempts"]!);
        Assert.Equal(200, (int)delivered["responseCode"]!);
        Assert.Equal(posts[0].Delivery, (string?)delivered["id"]);
    }

    [Fact]
    public async Task A_rolled_back_change_emits_nothing()
    {
        await admin.RegisterAsync(receiver, [WebhookEventTypes.AliasSet, WebhookEventTypes.PromotionStale]);
        var audit = app.Services.GetRequiredService<AuditLog>();

        var refused = await audit.WriteAsync<Result<bool>>((db, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.AliasSet, AuditObjects.Alias, "support-bot/rolled-back", "support-bot@rolled-back"));
            trail.Emit(WebhookEventTypes.PromotionStale, new { requestId = 1 });
            return Task.FromResult<Result<bool>>(Error.Conflict("refused", "The change failed after recording its events."));
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() => audit.WriteAsync<bool>((db, trail) =>
        {
            trail.Add(new AuditRecord(Actor.System, AuditActions.AliasSet, AuditObjects.Alias, "support-bot/thrown", "support-bot@thrown"));
            throw new InvalidOperationException("The change broke half way.");
        }));
        Assert.False(refused.Succeeded);
        Assert.Equal(0, await JobsApi.WithDbAsync(app.Services, db => db.WebhookEvents.CountAsync()));

        // A committed change afterwards is the first and only thing the receiver hears.
        await admin.SetAliasAsync("support-bot", "candidate", 1);
        await receiver.WaitForAsync(1);
        await app.Services.GetRequiredService<WebhookDispatcher>().DispatchAsync(default);
        var post = Assert.Single(receiver.Posts);
        Assert.Equal("support-bot @candidate", (string?)post.Json["data"]!["objectName"]);
    }

    [Fact]
    public async Task Redeliver_sends_the_event_again_under_the_same_delivery_id()
    {
        var webhook = await admin.RegisterAsync(receiver, [WebhookEventTypes.AliasSet]);
        await admin.SetAliasAsync("support-bot", "candidate", 1);
        await receiver.WaitForAsync(1);
        var delivery = await admin.WaitForDeliveryAsync(webhook, d => (string?)d["status"] == "succeeded");

        using var response = await admin.Http.PostAsync($"/api/webhooks/{webhook}/deliveries/{delivery["id"]}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var posts = await receiver.WaitForAsync(2);
        Assert.Equal(posts[0].Delivery, posts[1].Delivery);
        Assert.Equal(posts[0].Body, posts[1].Body);
        await admin.WaitForDeliveryAsync(webhook, d => (string?)d["status"] == "succeeded" && (int)d["attempts"]! == 2);
    }

    [Fact]
    public async Task A_slack_endpoint_gets_a_signed_text_body()
    {
        await admin.RegisterAsync(receiver, [WebhookEventTypes.AliasSet], format: "slack");

        await admin.SetAliasAsync("support-bot", "candidate", 1);

        var post = Assert.Single(await receiver.WaitForAsync(1));
        Assert.True(post.SignatureValid);
        Assert.Equal("ModelHub: alias.set — support-bot @candidate by admin@example.com", (string?)post.Json["text"]);
        Assert.Single(post.Json.AsObject());
    }

    [Fact]
    public async Task Events_an_endpoint_did_not_subscribe_to_are_not_sent()
    {
        var webhook = await admin.RegisterAsync(receiver, [WebhookEventTypes.Rollback]);

        await admin.SetAliasAsync("support-bot", "candidate", 1);
        await app.Services.GetRequiredService<WebhookDispatcher>().DispatchAsync(default);

        Assert.Equal(1, await JobsApi.WithDbAsync(app.Services, db => db.WebhookEvents.CountAsync(e => e.FannedOutAt != null)));
        Assert.Empty(await admin.DeliveriesAsync(webhook));
        Assert.Empty(receiver.Posts);
    }
}
