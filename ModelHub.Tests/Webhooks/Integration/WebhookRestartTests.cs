using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Core.Webhooks;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Webhooks.Integration;

public sealed class WebhookRestartTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["ModelHub:Webhooks:AllowPrivateTargets"] = "true" };

    [Fact]
    public async Task An_event_committed_by_a_process_that_died_before_delivering_is_delivered_after_restart()
    {
        using var data = new TempFolder("webhook-restart");
        await using var receiver = await WebhookReceiver.StartAsync();

        // The first process commits the change and its event, and dies before its dispatcher runs: here it never starts one.
        await using (var app = new ModelHubFactory(settings: Settings, dataFolder: data.Path))
        await using (var dying = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Remove(services.Single(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(WebhookDispatchLoop))))))
        {
            var services = dying.Services;
            var created = await services.GetRequiredService<CreateWebhook>().CreateAsync(
                new WebhookInput(receiver.Url, receiver.Secret, [WebhookEventTypes.AliasSet], true), Actor.System);
            Assert.True(created.Succeeded, created.Error?.Message);
            var userId = await services.AddUserRowAsync("ana@example.com");
            await RegistrySeeder.AddVersionAsync(services, "support-bot", userId);
            var set = await services.GetRequiredService<SetModelAlias>().SetAsync("support-bot", "candidate", 1, Actor.User(userId, "ana@example.com"));
            Assert.True(set.Succeeded, set.Error?.Message);

            Assert.Equal(1, await JobsApi.WithDbAsync(services, db => db.WebhookEvents.CountAsync(e => e.FannedOutAt == null)));
            Assert.Empty(receiver.Posts);
        }

        await using var restarted = new ModelHubFactory(settings: Settings, dataFolder: data.Path);
        _ = restarted.Services;

        var post = Assert.Single(await receiver.WaitForAsync(1));
        Assert.Equal("alias.set", post.Event);
        Assert.True(post.SignatureValid, "The restarted process must read the secret it stored before (same key ring).");
    }
}
