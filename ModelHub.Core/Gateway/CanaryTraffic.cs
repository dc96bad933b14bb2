namespace ModelHub.Core.Gateway;

/// <summary>
/// A running canary of a model: <see cref="Percent"/> of the calls for its production version go to its Staging version.
/// It holds for the two versions it was started with only; a stage change of either ends it.
/// </summary>
public sealed class CanaryTraffic
{
    public int Id { get; set; }

    public int RegisteredModelId { get; set; }

    /// <summary>1–100: the share of production calls the Staging version answers.</summary>
    public int Percent { get; set; }

    /// <summary>The production version number when the canary was set.</summary>
    public int ProductionVersion { get; set; }

    /// <summary>The Staging version number that answers the canary's share.</summary>
    public int StagingVersion { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public required string StartedById { get; set; }
}
