namespace ModelHub.Core.Promotions;

/// <summary>
/// A version's answers to a held-out dataset, identified by the dataset's content (SHA-256) so that any upload of the
/// same file reuses them: a later gate run compares against production without paying for production again.
/// </summary>
public sealed class VersionEvaluation
{
    public int Id { get; set; }

    public int ModelVersionId { get; set; }

    /// <summary>The SHA-256 of the held-out file that was answered.</summary>
    public required string DatasetSha256 { get; set; }

    /// <summary>The gate run that paid for this evaluation.</summary>
    public int GateRunId { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary><see cref="EvaluationScores"/> as JSON.</summary>
    public required string ScoresJson { get; set; }

    /// <summary>Every answer (<see cref="EvaluationAnswer"/> list, file order) as JSON.</summary>
    public required string AnswersJson { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }
}

/// <summary>What a model answered to the example on one line of a held-out file.</summary>
public sealed record EvaluationAnswer(int Line, string Answer);
