using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ModelHub.Core.FineTuning;

/// <summary>
/// How far behind the provider the job tracker is, per followed job: the time since the job was last brought in line
/// with the provider (or since it was first followed). It stays near the poll interval while polls succeed and grows
/// while the provider fails or the tracker falls behind.
/// </summary>
public sealed class JobTrackerLag
{
    /// <summary>The meter that carries <c>modelhub.job_tracker.lag</c>.</summary>
    public const string MeterName = "ModelHub.FineTuning";

    /// <summary>The attribute naming the job (ModelHub's id); only unfinished jobs are followed, so the set stays small.</summary>
    public const string JobAttribute = "modelhub.job.id";

    private readonly ConcurrentDictionary<int, DateTimeOffset> inLineAt = new();
    private readonly TimeProvider time;

    public JobTrackerLag(IMeterFactory meters, TimeProvider time)
    {
        this.time = time;
        meters.Create(MeterName).CreateObservableGauge("modelhub.job_tracker.lag", Observe, "s",
            "Time since each followed job was last brought in line with the provider.");
    }

    /// <summary>Starts reporting a job; its lag counts from now until its first successful sync.</summary>
    public void Follow(int jobId) => inLineAt.TryAdd(jobId, time.GetUtcNow());

    /// <summary>The job has just been brought in line with the provider; a job no longer followed stays forgotten.</summary>
    public void Synced(int jobId)
    {
        if (inLineAt.TryGetValue(jobId, out var previous))
        {
            inLineAt.TryUpdate(jobId, time.GetUtcNow(), previous);
        }
    }

    /// <summary>Stops reporting a job the tracker no longer follows.</summary>
    public void Forget(int jobId) => inLineAt.TryRemove(jobId, out _);

    /// <summary>The current lag of every followed job.</summary>
    public IEnumerable<Measurement<double>> Observe()
    {
        var now = time.GetUtcNow();
        return inLineAt.Select(job => new Measurement<double>((now - job.Value).TotalSeconds, new KeyValuePair<string, object?>(JobAttribute, job.Key)));
    }
}
