using System.Runtime.CompilerServices;
using ModelHub.Core.Realtime;

namespace ModelHub.Web.Scaleout;

/// <summary>Marks updates that arrived from another instance, so the hub bridge can leave them to the SignalR backplane.</summary>
internal sealed class RemoteUpdates
{
    private readonly ConditionalWeakTable<Update, object> remote = [];

    public void Mark(Update update) => remote.AddOrUpdate(update, this);

    public bool IsRemote(Update update) => remote.TryGetValue(update, out _);
}
