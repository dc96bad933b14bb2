using ModelHub.Core.Realtime;
using ModelHub.Core.Scaleout;
using StackExchange.Redis;

namespace ModelHub.Web.Scaleout;

/// <summary>
/// The update bus of an instance among several: every update goes to this instance's subscribers at once and to the
/// other instances through Redis pub/sub, whose updates reach this instance's subscribers in turn (caches drop entries,
/// pages reload). When the Redis connection comes back after a break, updates published meanwhile are lost, so every
/// subscriber is told with <see cref="UpdatesMayBeMissed"/> (the caches empty themselves).
/// </summary>
internal sealed class RedisUpdateBus : IUpdateBus, IHostedService
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("ModelHub:updates");

    private readonly InProcessUpdateBus local;
    private readonly RedisConnection redis;
    private readonly RemoteUpdates remote;
    private readonly string origin;
    private readonly ILogger<RedisUpdateBus> logger;

    public RedisUpdateBus(InProcessUpdateBus local, RedisConnection redis, RemoteUpdates remote, InstanceIdentity instance, ILogger<RedisUpdateBus> logger)
    {
        this.local = local;
        this.redis = redis;
        this.remote = remote;
        this.logger = logger;
        origin = instance.Id;
    }

    public void Publish(Update update)
    {
        local.Publish(update);
        if (!UpdateWireFormat.IsKnown(update))
        {
            return;
        }

        try
        {
            redis.Multiplexer.GetSubscriber().Publish(Channel, UpdateWireFormat.Write(new UpdateEnvelope(origin, update)), CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // This instance's subscribers have it; the others clear their caches when Redis is back.
            logger.LogWarning("An update could not be sent to the other instances: {Message}", ex.Message);
        }
    }

    public IDisposable Subscribe(string topic, Func<Update, Task> handler) => local.Subscribe(topic, handler);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.Multiplexer.ConnectionRestored += OnConnectionRestored;
        try
        {
            await redis.Multiplexer.GetSubscriber().SubscribeAsync(Channel, (_, message) => Receive(message));
        }
        catch (RedisException ex)
        {
            // The multiplexer keeps the subscription and makes it when it connects; readiness reports Redis meanwhile.
            logger.LogWarning("Subscribing to updates from other instances failed for now: {Message}", ex.Message);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        redis.Multiplexer.ConnectionRestored -= OnConnectionRestored;
        try
        {
            await redis.Multiplexer.GetSubscriber().UnsubscribeAsync(Channel);
        }
        catch (RedisException)
        {
        }
    }

    private void Receive(RedisValue message)
    {
        if (message.IsNullOrEmpty || UpdateWireFormat.Read(message.ToString()) is not { } envelope || envelope.Origin == origin)
        {
            return;
        }

        remote.Mark(envelope.Update);
        local.Publish(envelope.Update);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            logger.LogWarning("The Redis connection is back; updates from other instances may have been missed, so caches are emptied.");
            local.Publish(new UpdatesMayBeMissed(InProcessUpdateBus.AllTopics));
        }
    }
}
