using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Registry;

/// <summary>Reads a job's metric points and downsamples each metric's curve with LTTB into a <see cref="MetricSeries"/>.</summary>
internal static class JobCurves
{
    /// <summary>Every metric the job reported, downsampled; the caller attaches them to a version.</summary>
    public static async Task<List<MetricSeries>> ReadAllAsync(ModelHubDbContext db, int jobId, CancellationToken ct)
    {
        var curves = new List<MetricSeries>();
        // Metric names by skip-scan: one index seek per name on (JobId, Name, Step). A DISTINCT would walk every point,
        // 4,000,000 index entries for a 1,000,000-step run.
        string? name = null;
        while (true)
        {
            var previous = name;
            name = await db.MetricPoints.Where(p => p.JobId == jobId && (previous == null || string.Compare(p.Name, previous) > 0))
                .OrderBy(p => p.Name).Select(p => p.Name).FirstOrDefaultAsync(ct);
            if (name is null)
            {
                return curves;
            }

            curves.Add((await ReadAsync(db, jobId, name, ct))!);
        }
    }

    /// <summary>One metric's curve, or null when the job has no points of it.</summary>
    public static async Task<MetricSeries?> ReadAsync(ModelHubDbContext db, int jobId, string metric, CancellationToken ct)
    {
        // Served by the unique (JobId, Name, Step) index: an ordered range read, no sort; streamed, not materialized twice.
        var points = new List<(double X, double Y)>();
        var query = db.MetricPoints.Where(p => p.JobId == jobId && p.Name == metric).OrderBy(p => p.Step).Select(p => new { p.Step, p.Value });
        await foreach (var point in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            points.Add((point.Step, point.Value));
        }

        return points.Count == 0
            ? null
            : new MetricSeries
            {
                Name = metric,
                OriginalPoints = points.Count,
                Points = MetricSeries.Encode(Lttb.Downsample(points, CompareVersions.MaxPointsPerSeries)),
            };
    }
}
