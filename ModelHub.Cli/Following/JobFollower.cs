using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using ModelHub.Cli.Api;
using ModelHub.Cli.Commands;

namespace ModelHub.Cli.Following;

/// <summary>
/// Follows one job live over the SignalR hub until it ends, calling back on every change of status, step or loss.
/// The job is read over HTTP once joined (nothing between the read and the first update is missed) and again after
/// a reconnect or a long silence, so a dropped update never leaves the CLI waiting forever.
/// </summary>
internal sealed class JobFollower(Session session)
{
    /// <summary>How long a succeeded job may take to show the version it registered.</summary>
    private static readonly TimeSpan RegistrationWait = TimeSpan.FromSeconds(60);

    public async Task<Job> FollowAsync(int jobId, Action<JobState> changed, CancellationToken ct)
    {
        var signals = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(session.Connection.BaseUrl, ModelHubApi.JobsHubPath), options =>
                options.AccessTokenProvider = () => Task.FromResult<string?>(session.Connection.Token))
            .WithAutomaticReconnect()
            .Build();
        hub.On<JobChanged>(nameof(JobChanged), signal => signals.Writer.TryWrite(signal));
        hub.On<JobMetricsAdded>(nameof(JobMetricsAdded), signal => signals.Writer.TryWrite(signal));
        hub.On<ModelVersionRegistered>(nameof(ModelVersionRegistered), signal => signals.Writer.TryWrite(signal));
        hub.Reconnected += async _ =>
        {
            // Groups do not survive a new connection: join again, then re-read what was missed meanwhile.
            await hub.InvokeAsync("FollowJob", Id(jobId), ct);
            signals.Writer.TryWrite(Refresh.Instance);
        };

        await hub.StartAsync(ct);
        await hub.InvokeAsync("FollowJob", Id(jobId), ct);
        var job = await session.Api.GetJobAsync(jobId, ct);
        await hub.InvokeAsync("FollowModel", job.Model, ct);

        var state = JobState.From(job);
        changed(state);
        while (!state.Ended)
        {
            var signal = await NextAsync(signals.Reader, ct);
            var next = signal switch
            {
                JobChanged c when c.JobId == jobId => state with { Status = c.Status, Step = c.Step, TotalSteps = c.TotalSteps ?? state.TotalSteps },
                JobMetricsAdded m when m.JobId == jobId && m.Points.LastOrDefault(p => p.Name == JobState.LossMetric) is { } loss => state with { Loss = loss.Value },
                Refresh => JobState.From(job = await session.Api.GetJobAsync(jobId, ct)),
                _ => state,
            };

            if (next != state)
            {
                state = next;
                changed(state);
            }
        }

        return await WithVersionAsync(jobId, signals.Reader, ct);
    }

    private async Task<object> NextAsync(ChannelReader<object> reader, CancellationToken ct)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
        quiet.CancelAfter(session.Context.QuietJobCheck);
        try
        {
            return await reader.ReadAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Refresh.Instance;
        }
    }

    // A succeeded job registers its version just after it ends; CI needs the number, so wait for it.
    private async Task<Job> WithVersionAsync(int jobId, ChannelReader<object> reader, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + RegistrationWait;
        while (true)
        {
            var job = await session.Api.GetJobAsync(jobId, ct);
            if (job.Status != JobStatuses.Succeeded || job.Version is not null || DateTimeOffset.UtcNow > deadline)
            {
                return job;
            }

            await NextAsync(reader, ct);
        }
    }

    private static string Id(int jobId) => jobId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Re-read the job over HTTP.</summary>
    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }
}
