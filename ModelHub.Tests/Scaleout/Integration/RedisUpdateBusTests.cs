using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ModelHub.Core.Identity;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;
using ModelHub.Core.Scaleout;
using ModelHub.Tests.Support;
using ModelHub.Web.Scaleout;

namespace ModelHub.Tests.Scaleout.Integration;

/// <summary>Two instances' update buses on a real redis-server: what one publishes reaches the other's subscribers and caches.</summary>
public sealed class RedisUpdateBusTests : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> owned = [];
    private RedisServer redis = null!;

    public async Task InitializeAsync() => redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(owned))
        {
            await item.DisposeAsync();
        }

        await redis.DisposeAsync();
    }

    [Fact]
    public async Task An_update_published_on_one_instance_reaches_the_other_once_marked_as_remote_and_is_not_echoed_back()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        var onA = Collect(a.Bus, "model:m");
        var onB = Collect(b.Bus, "model:m");

        var moved = new ModelAliasChanged("model:m", "m", "production");
        a.Bus.Publish(moved);
        var arrived = await onB.WaitForAsync(u => u is ModelAliasChanged);
        Assert.True(b.Remote.IsRemote(arrived));
        Assert.False(a.Remote.IsRemote(moved));

        // Redis delivers in order: once B's later update has reached A, an echo of A's own update would have come first.
        b.Bus.Publish(new ModelStageChanged("model:m", "m", 2, "Production", "Ada"));
        await onA.WaitForAsync(u => u is ModelStageChanged);
        Assert.Single(onA.Received, u => u is ModelAliasChanged);
        Assert.Single(onB.Received, u => u is ModelAliasChanged);
    }

    [Fact]
    public async Task A_move_on_one_instance_empties_the_resolution_cache_of_the_other()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        using var cacheOnB = new AliasResolutionCache(b.Bus);
        Store(cacheOnB, "m");

        a.Bus.Publish(new ModelAliasChanged("model:m", "m", "production"));

        await Until(() => cacheOnB.TryGet("m", "production") is null);
    }

    [Fact]
    public async Task A_revoked_token_or_a_changed_user_is_forgotten_by_the_other_instances_token_cache()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        using var tokensOnB = new AccessTokenCache(TimeProvider.System, b.Bus);
        var expires = DateTimeOffset.UtcNow.AddDays(1);
        tokensOnB.Remember("hash-1", new TokenOwner(1, "ana", expires), tokensOnB.Generation);
        tokensOnB.Remember("hash-2", new TokenOwner(2, "ana", expires), tokensOnB.Generation);
        tokensOnB.Remember("hash-3", new TokenOwner(3, "bo", expires), tokensOnB.Generation);

        a.Bus.Publish(new AccessTokenRevoked(Topics.Access, 1));
        await Until(() => !tokensOnB.TryGet("hash-1", out _));
        Assert.True(tokensOnB.TryGet("hash-2", out _));

        a.Bus.Publish(new UserAccessChanged(Topics.Access, "ana"));
        await Until(() => !tokensOnB.TryGet("hash-2", out _));
        Assert.True(tokensOnB.TryGet("hash-3", out _));
    }

    [Fact]
    public async Task When_Redis_comes_back_after_a_restart_every_cache_is_emptied_and_updates_flow_again()
    {
        var a = await InstanceAsync();
        var b = await InstanceAsync();
        using var cacheOnB = new AliasResolutionCache(b.Bus);
        Store(cacheOnB, "m");
        Store(cacheOnB, "other");

        // Whatever was published while Redis was away is lost: B cannot know which models changed.
        await redis.RestartAsync();

        await Until(() => cacheOnB.TryGet("m", "production") is null && cacheOnB.TryGet("other", "production") is null);
        Store(cacheOnB, "m");
        await Until(() =>
        {
            // Re-sent until it arrives: A's own subscription may come back a moment after B's.
            a.Bus.Publish(new ModelAliasChanged("model:m", "m", "production"));
            return cacheOnB.TryGet("m", "production") is null;
        });
    }

    private static void Store(AliasResolutionCache cache, string model)
    {
        cache.TryStore(new AliasResolution(model, "production", 1, $"ft:{model}", ModelStage.Production, DateTimeOffset.UnixEpoch), cache.Generation(model));
        Assert.NotNull(cache.TryGet(model, "production"));
    }

    private async Task<(RedisUpdateBus Bus, RemoteUpdates Remote)> InstanceAsync()
    {
        var connection = new RedisConnection(redis.ConnectionString);
        var remote = new RemoteUpdates();
        var bus = new RedisUpdateBus(new InProcessUpdateBus(NullLogger<InProcessUpdateBus>.Instance), connection, remote, new InstanceIdentity(), NullLogger<RedisUpdateBus>.Instance);
        await bus.StartAsync(default);
        owned.Add(new Stopping(bus, connection));
        return (bus, remote);
    }

    private static Collector Collect(IUpdateBus bus, string topic)
    {
        var collector = new Collector();
        bus.Subscribe(topic, update =>
        {
            collector.Received.Enqueue(update);
            return Task.CompletedTask;
        });
        return collector;
    }

    private static Task Until(Func<bool> condition) =>
        Eventually.TrueAsync(condition, TimeSpan.FromSeconds(30), "The condition did not become true within 30 s.");

    private sealed class Collector
    {
        public ConcurrentQueue<Update> Received { get; } = new();

        public async Task<Update> WaitForAsync(Func<Update, bool> match)
        {
            await Until(() => Received.Any(match));
            return Received.First(match);
        }
    }

    private sealed class Stopping(RedisUpdateBus bus, RedisConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await bus.StopAsync(default);
            connection.Dispose();
        }
    }
}
