using ModelHub.Core.Common;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Compares 2–6 runs in the same shape as versions (<see cref="Comparison"/>), so one view draws both: one curve per
/// run and metric (downsampled like versions' curves), final metrics, and every param side by side.
/// </summary>
public sealed class CompareRuns(MlflowRunQueries runs)
{
    public async Task<Result<Comparison>> CompareAsync(IReadOnlyList<string> runIds, CancellationToken ct = default)
    {
        var distinct = runIds.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count is < CompareVersions.MinVersions or > CompareVersions.MaxVersions)
        {
            return Error.Validation($"Pick between {CompareVersions.MinVersions} and {CompareVersions.MaxVersions} different runs to compare; {distinct.Count} given.", "run");
        }

        var loaded = new List<RunView>();
        foreach (var id in distinct)
        {
            if (await runs.GetAsync(id, ct) is not { } run)
            {
                return new Error(ErrorKind.NotFound, "not-found", $"There is no run '{id}'.") { Target = "run" };
            }

            loaded.Add(run);
        }

        var labels = Labels(loaded);
        // Number is the run's position in the request, so a view can link each item back to its run.
        var compared = loaded.Select((r, i) => new ComparedVersion(
            r.Info.ExperimentId, i + 1, labels[i], ModelStage.None, r.Data.Params.FirstOrDefault(p => p.Key == RegisterRunVersion.FineTunedModelKey)?.Value ?? "",
            r.Data.Metrics.ToDictionary(m => m.Key, m => m.Value))).ToList();
        var keys = CompareVersions.ChartedMetrics.Where(k => compared.Any(v => v.FinalMetrics.ContainsKey(k)))
            .Concat(compared.SelectMany(v => v.FinalMetrics.Keys).Where(k => !CompareVersions.ChartedMetrics.Contains(k)).Distinct().Order(StringComparer.Ordinal));
        var metrics = new List<ComparedMetric>();
        foreach (var key in keys)
        {
            var series = new List<ComparedSeries>();
            for (var i = 0; i < loaded.Count; i++)
            {
                if (!compared[i].FinalMetrics.ContainsKey(key))
                {
                    continue;
                }

                var history = await runs.HistoryAsync(loaded[i].Info.RunId, key, null, null, ct);
                var points = history.Succeeded ? history.Value.Items.Where(m => !double.IsNaN(m.Value)).Select(m => ((double)m.Step, m.Value)).ToList() : [];
                var kept = Lttb.Downsample(points, CompareVersions.MaxPointsPerSeries);
                series.Add(new ComparedSeries(labels[i], points.Count, [.. kept.Select(p => (int)Math.Clamp(p.X, int.MinValue, int.MaxValue))], [.. kept.Select(p => p.Y)]));
            }

            metrics.Add(new ComparedMetric(key, series));
        }

        var paramKeys = loaded.SelectMany(r => r.Data.Params.Select(p => p.Key)).Distinct().Order(StringComparer.Ordinal);
        var parameters = paramKeys.Select(key =>
        {
            var values = loaded.Select(r => r.Data.Params.FirstOrDefault(p => p.Key == key)?.Value).ToList();
            return new ParameterRow(key, values, values.Distinct().Count() > 1);
        }).ToList();
        parameters.Insert(0, Row("Status", loaded.Select(r => (string?)r.Info.Status).ToList()));
        return new Comparison(compared, metrics, parameters);
    }

    private static ParameterRow Row(string name, List<string?> values) => new(name, values, values.Distinct().Count() > 1);

    // Run names need not be unique; a chart legend must tell the lines apart.
    private static List<string> Labels(List<RunView> runs) =>
    [
        .. runs.Select(r => runs.Count(o => o.Info.RunName == r.Info.RunName) > 1 || r.Info.RunName.Length == 0
            ? $"{r.Info.RunName} ({r.Info.RunId[..Math.Min(8, r.Info.RunId.Length)]})".TrimStart()
            : r.Info.RunName),
    ];
}
