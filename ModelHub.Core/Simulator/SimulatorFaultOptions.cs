namespace ModelHub.Core.Simulator;

/// <summary>Initial fault-injection settings bound from <c>Simulator:Faults</c>.</summary>
public sealed class SimulatorFaultOptions
{
    /// <summary>Share of requests (0..1) answered with a 429 or 500 instead of being served.</summary>
    public double ErrorRate { get; set; }

    /// <summary>Delay added to every request, in milliseconds.</summary>
    public int AddedLatencyMs { get; set; }

    /// <summary>When set, the next job created fails with this message.</summary>
    public string? FailNextJobMessage { get; set; }

    /// <summary>The <c>Retry-After</c> value (seconds) sent with injected 429s.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
}
