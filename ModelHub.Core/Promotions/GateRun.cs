namespace ModelHub.Core.Promotions;

/// <summary>Where a gate run is: <c>running</c>, then <c>passed</c>, <c>failed</c> (a rule failed) or <c>error</c> (could not finish).</summary>
public static class GateRunStatus
{
    public const string Running = "running";
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Error = "error";
}

/// <summary>One evaluation of a model version on a held-out dataset, with the gate's verdict frozen as evidence.</summary>
public sealed class GateRun
{
    /// <summary>At most this many failed examples are stored per run; <see cref="FailedCount"/> counts them all.</summary>
    public const int MaxStoredFailures = 200;

    public int Id { get; set; }

    public int ModelVersionId { get; set; }

    public int DatasetId { get; set; }

    /// <summary>See <see cref="GateRunStatus"/>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int ExampleCount { get; set; }

    /// <summary>Examples answered so far (progress).</summary>
    public int Completed { get; set; }

    /// <summary>Examples whose answer did not match; only the first <see cref="MaxStoredFailures"/> are stored.</summary>
    public int FailedCount { get; set; }

    /// <summary><see cref="EvaluationScores"/> as JSON; null until finished.</summary>
    public string? ScoresJson { get; set; }

    /// <summary>The <see cref="GateRuleResult"/> list as JSON: the rules as they were when the run finished.</summary>
    public string? RuleResultsJson { get; set; }

    /// <summary>The <see cref="ProductionComparison"/> list as JSON.</summary>
    public string? ProductionComparisonsJson { get; set; }

    /// <summary>The production version compared against, if any.</summary>
    public int? ProductionVersionId { get; set; }

    /// <summary>The production version's scores on the same dataset, as JSON.</summary>
    public string? ProductionScoresJson { get; set; }

    /// <summary>The candidate's <see cref="ConfusionMatrix"/> as JSON; null until finished or when the answers are free text.</summary>
    public string? ConfusionJson { get; set; }

    /// <summary>
    /// The <see cref="ProductionEvidence"/> as JSON: production's scores, confusion matrix and the examples where it and the
    /// candidate disagree; null when no other version was in production.
    /// </summary>
    public string? ProductionEvidenceJson { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    /// <summary>Inference cost of this run (and of the production evaluation it needed), from the pricing table; null when unpriced.</summary>
    public decimal? CostUsd { get; set; }

    public string? Error { get; set; }

    public required string RequestedById { get; set; }

    public List<GateRunFailure> Failures { get; set; } = [];
}

/// <summary>One example the candidate answered wrongly.</summary>
public sealed class GateRunFailure
{
    public const int MaxPromptExcerpt = 500;

    public long Id { get; set; }

    public int GateRunId { get; set; }

    /// <summary>1-based line in the dataset file.</summary>
    public int Line { get; set; }

    /// <summary>The last user message, cut to <see cref="MaxPromptExcerpt"/> characters.</summary>
    public required string PromptExcerpt { get; set; }

    public required string Expected { get; set; }

    public required string Actual { get; set; }
}
