using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ModelHub.Web.Realtime;

/// <summary>Live updates for clients outside the browser UI; clients join the groups they follow (<c>job:{id}</c>, <c>model:{name}</c>).</summary>
[Authorize]
public sealed class JobsHub : Hub
{
    public const string Path = "/hubs/jobs";

    public Task FollowJob(string jobId) => Groups.AddToGroupAsync(Context.ConnectionId, JobGroup(jobId));

    public Task UnfollowJob(string jobId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, JobGroup(jobId));

    public Task FollowModel(string modelName) => Groups.AddToGroupAsync(Context.ConnectionId, ModelGroup(modelName));

    public Task UnfollowModel(string modelName) => Groups.RemoveFromGroupAsync(Context.ConnectionId, ModelGroup(modelName));

    public static string JobGroup(string jobId) => $"job:{jobId}";

    public static string ModelGroup(string modelName) => $"model:{modelName}";
}
