using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Mlflow;

/// <summary>An experiment in the Experiments list: its runs logged through MLflow and the fine-tune jobs of the model it is named after.</summary>
public sealed record ExperimentRow(int Id, string Name, string LifecycleStage, int LoggedRuns, int JobRuns, DateTimeOffset? LastRunAt);

/// <summary>An experiment and its runs, as the experiment page shows them.</summary>
public sealed record ExperimentRuns(ExperimentView Experiment, IReadOnlyList<RunView> Runs);

/// <summary>A run with every point of each of its metrics and its artifact files, as the run page shows it.</summary>
public sealed record RunDetails(RunView Run, string ExperimentName, IReadOnlyList<MetricHistory> Metrics, IReadOnlyList<ArtifactView> Artifacts);

/// <summary>One metric's history of a run (downsampled to at most <see cref="CompareVersions.MaxPointsPerSeries"/> points).</summary>
public sealed record MetricHistory(string Key, IReadOnlyList<MetricView> Points);

/// <summary>The Experiments pages' read model over MLflow runs and fine-tune jobs.</summary>
public sealed class ExperimentQueries(
    IDbContextFactory<ModelHubDbContext> dbFactory, JobExperiments jobExperiments, MlflowExperiments experiments, MlflowRunQueries runs, MlflowArtifactStore artifacts)
{
    /// <summary>The most runs an experiment page lists (newest first).</summary>
    public const int MaxRuns = 1000;

    /// <summary>The most artifact files a run page lists.</summary>
    public const int MaxArtifacts = 500;

    /// <summary>Every experiment, including the deleted ones, by name.</summary>
    public async Task<IReadOnlyList<ExperimentRow>> ListAsync(CancellationToken ct = default)
    {
        await jobExperiments.EnsureAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.MlflowExperiments.AsNoTracking().OrderBy(e => e.Name).Select(e => new
        {
            e.Id,
            e.Name,
            e.LifecycleStage,
            Logged = db.MlflowRuns.Count(r => r.ExperimentId == e.Id),
            LastLogged = db.MlflowRuns.Where(r => r.ExperimentId == e.Id).Max(r => (long?)r.StartTime),
            Jobs = db.FineTuneJobs.Count(j => j.RegisteredModel!.Name == e.Name),
        }).ToListAsync(ct);
        var lastJobs = (await db.FineTuneJobs.GroupBy(j => j.RegisteredModel!.Name).Select(g => new { g.Key, Last = g.Max(j => j.CreatedAt) }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Last);
        return
        [
            .. rows.Select(r =>
            {
                DateTimeOffset? logged = r.LastLogged is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
                DateTimeOffset? job = lastJobs.TryGetValue(r.Name, out var at) ? at : null;
                return new ExperimentRow(r.Id, r.Name, r.LifecycleStage, r.Logged, r.Jobs, logged > job || job is null ? logged : job);
            }),
        ];
    }

    /// <summary>The experiment and its newest <see cref="MaxRuns"/> active runs; null when there is no such experiment.</summary>
    public async Task<ExperimentRuns?> RunsAsync(int experimentId, CancellationToken ct = default)
    {
        var experiment = await experiments.GetAsync(MlflowExperiments.Id(experimentId), ct);
        if (!experiment.Succeeded)
        {
            return null;
        }

        var page = await runs.SearchAsync([MlflowExperiments.Id(experimentId)], null, null, MaxRuns, null, ct);
        return new ExperimentRuns(experiment.Value, page.Succeeded ? page.Value.Items : []);
    }

    /// <summary>A run of the experiment with its metric histories and artifact files; null when the run is not in that experiment.</summary>
    public async Task<RunDetails?> RunAsync(int experimentId, string runId, CancellationToken ct = default)
    {
        var run = await runs.GetAsync(runId, ct);
        var experiment = await experiments.GetAsync(MlflowExperiments.Id(experimentId), ct);
        if (run is null || !experiment.Succeeded || run.Info.ExperimentId != experiment.Value.ExperimentId)
        {
            return null;
        }

        var metrics = new List<MetricHistory>();
        foreach (var key in run.Data.Metrics.Select(m => m.Key))
        {
            var history = await runs.HistoryAsync(runId, key, null, null, ct);
            metrics.Add(new MetricHistory(key, history.Succeeded ? Downsampled(history.Value.Items) : []));
        }

        return new RunDetails(run, experiment.Value.Name, metrics, Files(ArtifactRoot(experimentId, runId), ""));
    }

    /// <summary>Where a run's artifacts live in the artifact store (what the artifact proxy's paths start with).</summary>
    public static string ArtifactRoot(int experimentId, string runId) => $"{MlflowExperiments.Id(experimentId)}/{runId}/artifacts";

    // A chart shows the shape, not every point: a long run's curve is cut to the compare view's size.
    private static List<MetricView> Downsampled(IReadOnlyList<MetricView> points)
    {
        if (points.Count <= CompareVersions.MaxPointsPerSeries)
        {
            return [.. points];
        }

        var kept = Lttb.Downsample([.. points.Where(p => !double.IsNaN(p.Value)).Select(p => ((double)p.Step, p.Value))], CompareVersions.MaxPointsPerSeries);
        var key = points[0].Key;
        var at = points[0].Timestamp;
        return [.. kept.Select(p => new MetricView(key, p.Y, at, (long)p.X))];
    }

    private List<ArtifactView> Files(string root, string relative)
    {
        var found = new List<ArtifactView>();
        var listed = artifacts.List(relative.Length == 0 ? root : $"{root}/{relative}");
        foreach (var entry in listed.Succeeded ? listed.Value : [])
        {
            if (found.Count >= MaxArtifacts)
            {
                break;
            }

            var path = relative.Length == 0 ? entry.Path : $"{relative}/{entry.Path}";
            if (entry.IsDir)
            {
                found.AddRange(Files(root, path).Take(MaxArtifacts - found.Count));
            }
            else
            {
                found.Add(entry with { Path = path });
            }
        }

        return found;
    }
}
