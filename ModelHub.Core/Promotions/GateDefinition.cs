namespace ModelHub.Core.Promotions;

/// <summary>The validation gate of one registered model: metric rules and the metrics that must not regress against production.</summary>
public sealed class GateDefinition
{
    public int Id { get; set; }

    /// <summary>Unique: a model has at most one gate.</summary>
    public int RegisteredModelId { get; set; }

    /// <summary>The <see cref="GateRule"/> list as JSON.</summary>
    public required string RulesJson { get; set; }

    /// <summary>Metric names (JSON array) on which the candidate must not be worse than the production version.</summary>
    public required string NotWorseThanProductionJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedById { get; set; }
}
