using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;

namespace ModelHub.Core.Registry;

/// <summary>A version picked for comparison: <c>model:number</c>.</summary>
public sealed record VersionRef(string Model, int Number)
{
    public override string ToString() => $"{Model}:{Number}";

    /// <summary>Parses <c>model:number</c>; null when malformed.</summary>
    public static VersionRef? Parse(string? text)
    {
        var colon = text?.LastIndexOf(':') ?? -1;
        return colon > 0 && int.TryParse(text![(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? new VersionRef(text[..colon], number)
            : null;
    }
}

/// <summary>One version's curve of one metric, downsampled.</summary>
public sealed record ComparedSeries(string Version, int OriginalPoints, IReadOnlyList<int> Steps, IReadOnlyList<double> Values);

/// <summary>One metric's curves, one per version that has it.</summary>
public sealed record ComparedMetric(string Metric, IReadOnlyList<ComparedSeries> Series);

/// <summary>A compared version and its final metric values.</summary>
public sealed record ComparedVersion(string Model, int Number, string Label, ModelStage Stage, string ProviderModelId, IReadOnlyDictionary<string, double> FinalMetrics);

/// <summary>A parameter's value per version (in the order of the versions) and whether they differ.</summary>
public sealed record ParameterRow(string Name, IReadOnlyList<string?> Values, bool Differs);

/// <summary>Everything the compare page and <c>/api/compare</c> show.</summary>
public sealed record Comparison(IReadOnlyList<ComparedVersion> Versions, IReadOnlyList<ComparedMetric> Metrics, IReadOnlyList<ParameterRow> Parameters);

/// <summary>
/// Compares 2–6 versions: per-step curves of each metric (LTTB-downsampled to at most <see cref="MaxPointsPerSeries"/>
/// points, so a million-step run costs the browser as little as a short one), final metrics and parameters.
/// </summary>
public sealed class CompareVersions(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    public const int MinVersions = 2;
    public const int MaxVersions = 6;
    public const int MaxPointsPerSeries = 1000;

    /// <summary>The curves drawn, in this order; other metrics a job reported follow alphabetically.</summary>
    public static readonly IReadOnlyList<string> ChartedMetrics = [MetricPoint.TrainLoss, MetricPoint.ValidLoss, MetricPoint.TrainAccuracy, MetricPoint.ValidAccuracy];

    public async Task<Result<Comparison>> CompareAsync(IReadOnlyList<VersionRef> refs, int maxPoints = MaxPointsPerSeries, CancellationToken ct = default)
    {
        var distinct = refs.Distinct().ToList();
        if (distinct.Count is < MinVersions or > MaxVersions)
        {
            return Error.Validation($"Pick between {MinVersions} and {MaxVersions} different versions to compare; {distinct.Count} given.", "v");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var loaded = new List<(VersionRef Ref, ModelVersion Version)>();
        foreach (var r in distinct)
        {
            var version = await db.ModelVersions.AsNoTracking().SingleOrDefaultAsync(v => v.RegisteredModel!.Name == r.Model && v.Number == r.Number, ct);
            if (version is null)
            {
                return new Error("not-found", $"There is no version {r.Number} of model '{r.Model}'.") { Target = "v" };
            }

            loaded.Add((r, version));
        }

        var versions = loaded.Select(l => new ComparedVersion(l.Ref.Model, l.Ref.Number, Label(l.Ref), l.Version.Stage, l.Version.ProviderModelId,
            RegistryQueries.ParseMetrics(l.Version.FinalMetricsJson))).ToList();
        var metricNames = ChartedMetrics
            .Concat(versions.SelectMany(v => v.FinalMetrics.Keys).Where(k => !ChartedMetrics.Contains(k)).Distinct().Order(StringComparer.Ordinal))
            .ToList();

        var metrics = new List<ComparedMetric>();
        foreach (var metric in metricNames)
        {
            var series = new List<ComparedSeries>();
            foreach (var (r, version) in loaded)
            {
                if (await SeriesAsync(db, version.JobId, metric, Label(r), maxPoints, ct) is { } one)
                {
                    series.Add(one);
                }
            }

            if (series.Count > 0)
            {
                metrics.Add(new ComparedMetric(metric, series));
            }
        }

        return new Comparison(versions, metrics, Parameters(loaded.Select(l => l.Version).ToList()));
    }

    /// <summary>One version's downsampled curves (the version page's charts); null when the version does not exist.</summary>
    public async Task<IReadOnlyList<ComparedMetric>?> CurvesAsync(VersionRef r, int maxPoints = MaxPointsPerSeries, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var jobId = await db.ModelVersions.Where(v => v.RegisteredModel!.Name == r.Model && v.Number == r.Number).Select(v => (int?)v.JobId).SingleOrDefaultAsync(ct);
        if (jobId is null)
        {
            return null;
        }

        var metrics = new List<ComparedMetric>();
        foreach (var metric in ChartedMetrics)
        {
            if (await SeriesAsync(db, jobId.Value, metric, Label(r), maxPoints, ct) is { } one)
            {
                metrics.Add(new ComparedMetric(metric, [one]));
            }
        }

        return metrics;
    }

    /// <summary>The series name of a version in charts: <c>model vN</c>.</summary>
    public static string Label(VersionRef r) => $"{r.Model} v{r.Number}";

    private static async Task<ComparedSeries?> SeriesAsync(ModelHubDbContext db, int jobId, string metric, string label, int maxPoints, CancellationToken ct)
    {
        // Served by the unique (JobId, Name, Step) index: an ordered range read, no sort.
        var points = await db.MetricPoints.Where(p => p.JobId == jobId && p.Name == metric)
            .OrderBy(p => p.Step).Select(p => new { p.Step, p.Value }).ToListAsync(ct);
        if (points.Count == 0)
        {
            return null;
        }

        var sampled = Lttb.Downsample(points.Select(p => ((double)p.Step, p.Value)).ToList(), maxPoints);
        return new ComparedSeries(label, points.Count, [.. sampled.Select(p => (int)p.X)], [.. sampled.Select(p => p.Y)]);
    }

    private static List<ParameterRow> Parameters(List<ModelVersion> versions)
    {
        ParameterRow Row(string name, Func<ModelVersion, string?> value)
        {
            var values = versions.Select(value).ToList();
            return new ParameterRow(name, values, values.Distinct().Count() > 1);
        }

        static string? Invariant(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture);

        return
        [
            Row("Base model", v => v.BaseModel),
            Row("Stage", v => v.Stage.ToString()),
            Row("Epochs", v => Invariant(v.NEpochs)),
            Row("Batch size", v => Invariant(v.BatchSize)),
            Row("Learning rate multiplier", v => Invariant(v.LearningRateMultiplier)),
            Row("Seed", v => Invariant(v.Seed)),
            Row("Suffix", v => v.Suffix),
            Row("Training dataset", v => $"#{v.TrainingDatasetId} ({v.TrainingDatasetSha256[..Math.Min(12, v.TrainingDatasetSha256.Length)]})"),
            Row("Validation dataset", v => v.ValidationDatasetId is { } id ? $"#{id} ({v.ValidationDatasetSha256?[..Math.Min(12, v.ValidationDatasetSha256.Length)]})" : null),
            Row("Trained tokens", v => Invariant(v.TrainedTokens)),
            Row("Cost (USD)", v => Invariant(v.CostUsd)),
        ];
    }
}
