namespace ModelHub.Core.Promotions;

/// <summary>Where a promotion request is.</summary>
public enum PromotionStatus
{
    Pending,
    Approved,
    Rejected,
    Stale,
    Withdrawn,
}

/// <summary>An Engineer's request to promote a Staging version to Production, with the evidence it was made on frozen.</summary>
public sealed class PromotionRequest
{
    public int Id { get; set; }

    public int RegisteredModelId { get; set; }

    public int ModelVersionId { get; set; }

    public required string RequestedById { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public string? Comment { get; set; }

    public PromotionStatus Status { get; set; } = PromotionStatus.Pending;

    /// <summary>The gate run the request was made on: the candidate's latest finished run at request time.</summary>
    public int GateRunId { get; set; }

    /// <summary>The <see cref="PromotionEvidence"/> copied from that run, as JSON.</summary>
    public required string EvidenceJson { get; set; }

    /// <summary>The Production version when the request was made; null when the model had none.</summary>
    public int? ProductionVersionId { get; set; }

    public string? DecidedById { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionComment { get; set; }
}

/// <summary>What a reviewer judges: the gate run's scores, confusion matrix and rule results and the comparison to production.</summary>
public sealed record PromotionEvidence(
    int GateRunId,
    EvaluationScores? Metrics,
    IReadOnlyList<GateRuleResult> Rules,
    IReadOnlyList<ProductionComparison> NotWorseThanProduction,
    ProductionEvidence? Production,
    ConfusionMatrix? Confusion = null);

/// <summary>
/// The production version and how it did on the same dataset: its scores and confusion matrix, and the examples where
/// it and the candidate answered differently (at most <see cref="Disagreement.MaxStored"/>; <paramref name="DisagreementCount"/>
/// counts them all). <paramref name="ReusedFromGateRunId"/> names the earlier run whose evaluation of production was reused.
/// Metrics are null when production was not evaluated on that dataset (evidence from before comparisons were recorded).
/// </summary>
public sealed record ProductionEvidence(
    int Version,
    EvaluationScores? Metrics,
    ConfusionMatrix? Confusion = null,
    int DisagreementCount = 0,
    IReadOnlyList<Disagreement>? Disagreements = null,
    int? ReusedFromGateRunId = null);
