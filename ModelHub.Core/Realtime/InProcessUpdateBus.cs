using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ModelHub.Core.Realtime;

/// <summary>
/// Delivers updates to subscribers of this process. Each subscriber has its own bounded queue drained by its own
/// loop, so a slow page never delays the publisher or the other subscribers; when a queue is full its oldest
/// update is dropped (pages reload state on reconnect, so the newest update matters most).
/// </summary>
public sealed class InProcessUpdateBus(ILogger<InProcessUpdateBus> logger) : IUpdateBus
{
    /// <summary>Subscribers of this topic receive every update.</summary>
    public const string AllTopics = "*";

    private const int QueueCapacity = 1024;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> byTopic = new();

    public void Publish(Update update)
    {
        Deliver(update.Topic, update);
        if (update.Topic != AllTopics)
        {
            Deliver(AllTopics, update);
        }
    }

    public IDisposable Subscribe(string topic, Func<Update, Task> handler)
    {
        var subscription = new Subscription(this, topic, handler, logger);
        byTopic.GetOrAdd(topic, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    private void Deliver(string topic, Update update)
    {
        if (byTopic.TryGetValue(topic, out var subscribers))
        {
            foreach (var subscriber in subscribers.Keys)
            {
                subscriber.Enqueue(update);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        if (byTopic.TryGetValue(subscription.Topic, out var subscribers))
        {
            subscribers.TryRemove(subscription, out _);
        }
    }

    private sealed class Subscription : IDisposable
    {
        private readonly InProcessUpdateBus bus;
        private readonly Func<Update, Task> handler;
        private readonly ILogger logger;
        private readonly Channel<Update> queue = Channel.CreateBounded<Update>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public Subscription(InProcessUpdateBus bus, string topic, Func<Update, Task> handler, ILogger logger)
        {
            this.bus = bus;
            this.handler = handler;
            this.logger = logger;
            Topic = topic;
            _ = Task.Run(DrainAsync);
        }

        public string Topic { get; }

        public void Enqueue(Update update) => queue.Writer.TryWrite(update);

        public void Dispose()
        {
            bus.Remove(this);
            queue.Writer.TryComplete();
        }

        private async Task DrainAsync()
        {
            await foreach (var update in queue.Reader.ReadAllAsync())
            {
                try
                {
                    await handler(update);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "A subscriber of {Topic} failed to handle {Update}.", Topic, update.GetType().Name);
                }
            }
        }
    }
}
