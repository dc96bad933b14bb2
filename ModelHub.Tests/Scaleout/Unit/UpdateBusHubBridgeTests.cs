using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using ModelHub.Core.Realtime;
using ModelHub.Web.Realtime;
using ModelHub.Web.Scaleout;

namespace ModelHub.Tests.Scaleout.Unit;

/// <summary>With the backplane, the bridge must send each update once: only on the instance where it was published.</summary>
public sealed class UpdateBusHubBridgeTests
{
    [Fact]
    public async Task The_bridge_forwards_updates_published_here_and_leaves_other_instances_updates_to_the_backplane()
    {
        var bus = new InProcessUpdateBus(NullLogger<InProcessUpdateBus>.Instance);
        var remote = new RemoteUpdates();
        var hub = new RecordingHub();
        var bridge = new UpdateBusHubBridge(bus, hub, remote);
        await bridge.StartAsync(default);

        var fromElsewhere = new JobChanged("job:1", 1, "running", 1, 10);
        remote.Mark(fromElsewhere);
        bus.Publish(fromElsewhere);
        bus.Publish(new JobChanged("job:1", 1, "running", 2, 10));

        for (var i = 0; i < 100 && hub.Sent.IsEmpty; i++)
        {
            await Task.Delay(20);
        }

        // The subscriber handles updates in order: once the local one was sent, the remote one was already dropped.
        var sent = Assert.Single(hub.Sent);
        Assert.Equal(("job:1", nameof(JobChanged)), (sent.Group, sent.Method));
        Assert.Equal(2, ((JobChanged)sent.Argument!).Step);
        await bridge.StopAsync(default);
    }

    private sealed class RecordingHub : IHubContext<JobsHub>, IHubClients
    {
        public ConcurrentQueue<(string Group, string Method, object? Argument)> Sent { get; } = new();

        public IHubClients Clients => this;

        public IGroupManager Groups => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.Group(string groupName) => new Proxy(this, groupName);

        IClientProxy IHubClients<IClientProxy>.All => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.Client(string connectionId) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.User(string userId) => throw new NotSupportedException();

        IClientProxy IHubClients<IClientProxy>.Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

        private sealed class Proxy(RecordingHub hub, string group) : IClientProxy
        {
            public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
            {
                hub.Sent.Enqueue((group, method, args.FirstOrDefault()));
                return Task.CompletedTask;
            }
        }
    }
}
