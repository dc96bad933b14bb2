using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ModelHub.Web.Realtime;

/// <summary>Live updates for clients outside the browser UI; clients join the groups they follow (<c>job:{id}</c>, <c>model:{name}</c>).</summary>
[Authorize]
public sealed class JobsHub : Hub
{
    public const string Path = "/hubs/jobs";

    /// <summary>Groups one connection may follow at once: enough for any dashboard, not enough to exhaust the server.</summary>
    public const int MaxGroupsPerConnection = 100;

    /// <summary>Longest job id or model name accepted as a group key.</summary>
    public const int MaxKeyLength = 100;

    public Task FollowJob(string jobId) => FollowAsync(JobGroup(Key(jobId)));

    public Task UnfollowJob(string jobId) => UnfollowAsync(JobGroup(Key(jobId)));

    public Task FollowModel(string modelName) => FollowAsync(ModelGroup(Key(modelName)));

    public Task UnfollowModel(string modelName) => UnfollowAsync(ModelGroup(Key(modelName)));

    public static string JobGroup(string jobId) => $"job:{jobId}";

    public static string ModelGroup(string modelName) => $"model:{modelName}";

    private async Task FollowAsync(string group)
    {
        var followed = Followed();
        lock (followed)
        {
            if (!followed.Contains(group) && followed.Count >= MaxGroupsPerConnection)
            {
                throw new HubException($"A connection follows at most {MaxGroupsPerConnection} jobs and models; unfollow some first.");
            }

            followed.Add(group);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, group);
    }

    private async Task UnfollowAsync(string group)
    {
        var followed = Followed();
        lock (followed)
        {
            followed.Remove(group);
        }

        await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
    }

    private HashSet<string> Followed()
    {
        lock (Context.Items)
        {
            if (Context.Items.TryGetValue(nameof(Followed), out var set) && set is HashSet<string> followed)
            {
                return followed;
            }

            var created = new HashSet<string>(StringComparer.Ordinal);
            Context.Items[nameof(Followed)] = created;
            return created;
        }
    }

    private static string Key(string? value) =>
        string.IsNullOrEmpty(value) || value.Length > MaxKeyLength
            ? throw new HubException($"Give a job id or model name of 1 to {MaxKeyLength} characters.")
            : value;
}
