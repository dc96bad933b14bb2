using Microsoft.AspNetCore.SignalR;
using ModelHub.Core.Realtime;

namespace ModelHub.Web.Realtime;

/// <summary>
/// Forwards job and model updates from the in-process bus to the hub's groups (<c>job:{id}</c>, <c>model:{name}</c>),
/// so pipelines see what the pages see. The client method is the update's type name (<c>JobChanged</c>, …).
/// With several instances it forwards only updates published on this instance: the SignalR Redis backplane already
/// carries each send to the clients connected to every instance, so forwarding other instances' updates as well would
/// deliver each one once per instance.
/// </summary>
internal sealed class UpdateBusHubBridge(IUpdateBus bus, IHubContext<JobsHub> hub, Scaleout.RemoteUpdates remote) : IHostedService
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = bus.Subscribe(InProcessUpdateBus.AllTopics, ForwardAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    private Task ForwardAsync(Update update) =>
        !remote.IsRemote(update) && update.Topic.StartsWith("job:", StringComparison.Ordinal) || update.Topic.StartsWith("model:", StringComparison.Ordinal)
            ? hub.Clients.Group(update.Topic).SendAsync(update.GetType().Name, update)
            : Task.CompletedTask;
}
