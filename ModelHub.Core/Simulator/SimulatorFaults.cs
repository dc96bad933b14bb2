using Microsoft.Extensions.Options;

namespace ModelHub.Core.Simulator;

/// <summary>What an injected fault does to one request.</summary>
public enum FaultKind
{
    None,
    RateLimited,
    ServerErrorBeforeHandling,
    /// <summary>The request is served, then its response is replaced by a 500: the client cannot know it succeeded.</summary>
    ServerErrorAfterHandling,
}

/// <summary>Run-time fault injection for the simulator; a singleton the Settings page and tests drive.</summary>
public sealed class SimulatorFaults(IOptions<SimulatorOptions> options)
{
    private readonly Lock gate = new();
    private double errorRate = Math.Clamp(options.Value.Faults.ErrorRate, 0, 1);
    private TimeSpan addedLatency = TimeSpan.FromMilliseconds(Math.Max(0, options.Value.Faults.AddedLatencyMs));
    private string? failNextJobMessage = options.Value.Faults.FailNextJobMessage;
    private int retryAfterSeconds = Math.Max(0, options.Value.Faults.RetryAfterSeconds);
    private long injected;

    /// <summary>Share of requests (0..1) that get an injected 429 or 500.</summary>
    public double ErrorRate
    {
        get { lock (gate) { return errorRate; } }
        set { lock (gate) { errorRate = Math.Clamp(value, 0, 1); } }
    }

    public TimeSpan AddedLatency
    {
        get { lock (gate) { return addedLatency; } }
        set { lock (gate) { addedLatency = value < TimeSpan.Zero ? TimeSpan.Zero : value; } }
    }

    /// <summary>The message the next created job fails with; null when no failure is armed.</summary>
    public string? FailNextJobMessage
    {
        get { lock (gate) { return failNextJobMessage; } }
        set { lock (gate) { failNextJobMessage = string.IsNullOrWhiteSpace(value) ? null : value; } }
    }

    public int RetryAfterSeconds
    {
        get { lock (gate) { return retryAfterSeconds; } }
        set { lock (gate) { retryAfterSeconds = Math.Max(0, value); } }
    }

    /// <summary>How many faults have been injected since start; lets tests prove the faults really happened.</summary>
    public long InjectedCount => Interlocked.Read(ref injected);

    /// <summary>Draws the fault for one request; only mutating requests can fail after being served.</summary>
    public FaultKind Next(bool mutating)
    {
        var rate = ErrorRate;
        if (rate <= 0 || Random.Shared.NextDouble() >= rate)
        {
            return FaultKind.None;
        }

        Interlocked.Increment(ref injected);
        return Random.Shared.Next(3) switch
        {
            0 => FaultKind.RateLimited,
            1 when mutating => FaultKind.ServerErrorAfterHandling,
            _ => FaultKind.ServerErrorBeforeHandling,
        };
    }

    /// <summary>Takes the armed failure message, if any, so exactly one job fails with it.</summary>
    public string? TakeFailNextJobMessage()
    {
        lock (gate)
        {
            var message = failNextJobMessage;
            failNextJobMessage = null;
            return message;
        }
    }
}
