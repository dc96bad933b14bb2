using System.Diagnostics.Metrics;

namespace ModelHub.Core.Promotions;

/// <summary>Reports how long finished gate runs took, from request to verdict, by outcome.</summary>
/// <remarks>Runs a restart interrupted are left out: their time would be the downtime, not the run.</remarks>
public sealed class GateRunDurations(IMeterFactory meters)
{
    /// <summary>The meter that carries <c>modelhub.gate_run.duration</c>.</summary>
    public const string MeterName = "ModelHub.Promotions";

    /// <summary>The attribute naming the verdict: <c>passed</c>, <c>failed</c> or <c>error</c>.</summary>
    public const string StatusAttribute = "modelhub.gate_run.status";

    // Runs answer a held-out file through the provider: seconds for a handful of examples, hours for thousands.
    private static readonly InstrumentAdvice<double> Buckets = new() { HistogramBucketBoundaries = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400] };

    private readonly Histogram<double> durations = meters.Create(MeterName).CreateHistogram(
        "modelhub.gate_run.duration", "s", "Time from a gate run's request to its verdict.", tags: null, advice: Buckets);

    /// <summary>Records a run that has just reached its verdict; a run without a finish time is ignored.</summary>
    public void Record(GateRun run)
    {
        if (run.FinishedAt is { } finished)
        {
            durations.Record((finished - run.StartedAt).TotalSeconds, new KeyValuePair<string, object?>(StatusAttribute, run.Status));
        }
    }
}
