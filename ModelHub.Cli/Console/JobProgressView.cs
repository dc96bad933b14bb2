using System.Globalization;
using ModelHub.Cli.Api;
using ModelHub.Cli.Following;
using Spectre.Console;

namespace ModelHub.Cli.Console;

/// <summary>A followed job on screen: a Spectre bar (status, step n/N, loss) at a terminal, otherwise one line per change.</summary>
internal static class JobProgressView
{
    public static async Task<Job> FollowAsync(Output output, int jobId, Func<Action<JobState>, Task<Job>> follow)
    {
        if (!output.Interactive)
        {
            return await follow(state => output.ProgressLine($"job {jobId}: {state.Describe()}"));
        }

        return await output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"job {jobId}", maxValue: 1);
                var job = await follow(state =>
                {
                    task.MaxValue = Math.Max(state.TotalSteps ?? 1, 1);
                    task.Value = state.Ended && state.Status == JobStatuses.Succeeded ? task.MaxValue : Math.Min(state.Step, task.MaxValue);
                    task.Description = Markup.Escape($"job {jobId} {state.Status} {state.Step}/{state.TotalSteps?.ToString(CultureInfo.InvariantCulture) ?? "?"}"
                        + (state.Loss is { } loss ? $" loss {loss.ToString("0.0000", CultureInfo.InvariantCulture)}" : ""));
                });
                task.StopTask();
                return job;
            });
    }

    /// <summary>The closing lines and exit code of a job that ended: 0 succeeded, 1 failed or cancelled.</summary>
    public static int Finish(Output output, Job job)
    {
        if (output.Json)
        {
            output.WriteJson(job);
        }
        else if (job.Status == JobStatuses.Succeeded)
        {
            output.Line(job.Version is { } version
                ? $"Job {job.Id} succeeded: {version.Model} version {version.Number} ({job.FineTunedModel})."
                : $"Job {job.Id} succeeded ({job.FineTunedModel}); its version is not registered yet.");
        }
        else
        {
            output.Line($"Job {job.Id} {job.Status}" + (job.Error is { } error ? $": {error.Message}" : "."));
        }

        return job.Status == JobStatuses.Succeeded ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
