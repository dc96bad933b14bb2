namespace ModelHub.Core.Promotions;

/// <summary>How gate runs use the provider; bound from <c>Gates</c>.</summary>
public sealed class GateOptions
{
    public const string Section = "Gates";

    /// <summary>Chat completions in flight per run.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Runs evaluated at the same time; further runs wait in the queue.</summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>Progress is stored and published every this many answered examples.</summary>
    public int ProgressEvery { get; set; } = 5;

    /// <summary>Runs waiting for a slot; a start beyond this waits for room.</summary>
    public int QueueCapacity { get; set; } = 100;

    /// <summary>How often the lease holder looks for runs started on other instances.</summary>
    public TimeSpan PickupInterval { get; set; } = TimeSpan.FromSeconds(1);
}
