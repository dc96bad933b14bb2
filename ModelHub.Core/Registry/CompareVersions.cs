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
/// points when the version was registered, so a million-step run costs compare as little as a short one), final
/// metrics and parameters.
/// </summary>
public sealed class CompareVersions(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    public const int MinVersions = 2;
    public const int MaxVersions = 6;
    public const int MaxPointsPerSeries = 1000;

    /// <summary>The curves drawn, in this order; other metrics a job reported follow alphabetically.</summary>
    public static readonly IReadOnlyList<string> ChartedMetrics = [MetricPoint.TrainLoss, MetricPoint.ValidLoss, MetricPoint.TrainAccuracy, MetricPoint.ValidAccuracy];

    public async Task<Result<Comparison>> CompareAsync(IReadOnlyList<VersionRef> refs, CancellationToken ct = default)
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
            var version = await db.ModelVersions.AsNoTracking().Named(r.Model, r.Number).SingleOrDefaultAsync(ct);
            if (version is null)
            {
                return new Error(ErrorKind.NotFound, "not-found", $"There is no version {r.Number} of model '{r.Model}'.") { Target = "v" };
            }

            loaded.Add((r, version));
        }

        var versions = loaded.Select(l => new ComparedVersion(l.Ref.Model, l.Ref.Number, Label(l.Ref), l.Version.Stage, l.Version.ProviderModelId,
            RegistryQueries.ParseMetrics(l.Version.FinalMetricsJson))).ToList();
        var metricNames = ChartedMetrics
            .Concat(versions.SelectMany(v => v.FinalMetrics.Keys).Where(k => !ChartedMetrics.Contains(k)).Distinct().Order(StringComparer.Ordinal))
            .ToList();
        var metrics = await MetricsAsync(db, [.. loaded.Select(l => (l.Version.Id, l.Version.JobId, Label(l.Ref)))], metricNames, ct);
        return new Comparison(versions, metrics, Parameters(loaded.Select(l => l.Version).ToList()));
    }

    /// <summary>One version's downsampled curves (the version page's charts); null when the version does not exist.</summary>
    public async Task<IReadOnlyList<ComparedMetric>?> CurvesAsync(VersionRef r, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.ModelVersions.Named(r.Model, r.Number)
            .Select(v => new { v.Id, v.JobId }).SingleOrDefaultAsync(ct);
        return version is null ? null : await MetricsAsync(db, [(version.Id, version.JobId, Label(r))], ChartedMetrics, ct);
    }

    /// <summary>The series name of a version in charts: <c>model vN</c>.</summary>
    public static string Label(VersionRef r) => $"{r.Model} v{r.Number}";

    private static async Task<List<ComparedMetric>> MetricsAsync(
        ModelHubDbContext db, IReadOnlyList<(int VersionId, int? JobId, string Label)> versions, IReadOnlyList<string> metricNames, CancellationToken ct)
    {
        // One read of at most versions x metrics rows of at most MaxPointsPerSeries points each, however long the runs were.
        var ids = versions.Select(v => v.VersionId).ToList();
        var stored = (await db.MetricSeries.AsNoTracking().Where(s => ids.Contains(s.ModelVersionId)).ToListAsync(ct)).ToLookup(s => s.ModelVersionId);
        var metrics = new List<ComparedMetric>();
        foreach (var metric in metricNames)
        {
            var series = new List<ComparedSeries>();
            foreach (var (versionId, jobId, label) in versions)
            {
                // Versions registered before series were stored have none: downsample their raw points on read.
                var one = stored.Contains(versionId)
                    ? stored[versionId].FirstOrDefault(s => s.Name == metric)
                    : jobId is { } id ? await JobCurves.ReadAsync(db, id, metric, ct) : null;
                if (one is not null)
                {
                    var (steps, values) = one.Decode();
                    series.Add(new ComparedSeries(label, one.OriginalPoints, steps, values));
                }
            }

            if (series.Count > 0)
            {
                metrics.Add(new ComparedMetric(metric, series));
            }
        }

        return metrics;
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
            Row("Training dataset", v => v.TrainingDatasetId is { } id ? $"#{id} ({v.TrainingDatasetSha256?[..Math.Min(12, v.TrainingDatasetSha256.Length)]})" : null),
            Row("Validation dataset", v => v.ValidationDatasetId is { } id ? $"#{id} ({v.ValidationDatasetSha256?[..Math.Min(12, v.ValidationDatasetSha256.Length)]})" : null),
            Row("Trained tokens", v => Invariant(v.TrainedTokens)),
            Row("Cost (USD)", v => Invariant(v.CostUsd)),
        ];
    }
}
