using System.Text.Json.Serialization;

namespace ModelHub.Core.Simulator;

/// <summary>A file held by the simulator; its bytes live beside the state file.</summary>
public sealed record SimFile(string Id, string Filename, string Purpose, long Bytes, DateTimeOffset CreatedAt);

/// <summary>Resolved hyperparameters of a simulated job ("auto" already replaced by numbers).</summary>
public sealed record SimHyperparameters(int NEpochs, int BatchSize, double LearningRateMultiplier);

/// <summary>What a client asked for when creating a job.</summary>
public sealed record SimJobRequest(
    string Model,
    string TrainingFile,
    string? ValidationFile,
    int? NEpochs,
    int? BatchSize,
    double? LearningRateMultiplier,
    string? Suffix,
    int? Seed,
    IReadOnlyDictionary<string, string>? Metadata,
    string? IdempotencyKey);

/// <summary>
/// A simulated fine-tuning job as persisted. Its status is not stored: it follows from the time elapsed since
/// <see cref="CreatedAt"/> (see <see cref="SimJobTimeline"/>), which makes resuming after a restart free.
/// </summary>
public sealed record SimJob(
    string Id,
    string Model,
    string TrainingFile,
    string? ValidationFile,
    SimHyperparameters Hyperparameters,
    string? Suffix,
    int Seed,
    IReadOnlyDictionary<string, string>? Metadata,
    string? IdempotencyKey,
    DateTimeOffset CreatedAt,
    TimeSpan Duration,
    int TrainingExamples,
    int TrainedTokens,
    double Learnability,
    string? FailureMessage,
    DateTimeOffset? CancelledAt)
{
    [JsonIgnore]
    public int StepsPerEpoch => Math.Max(1, (TrainingExamples + Hyperparameters.BatchSize - 1) / Hyperparameters.BatchSize);

    [JsonIgnore]
    public int TotalSteps => StepsPerEpoch * Hyperparameters.NEpochs;

    /// <summary>The model id OpenAI-style: <c>ft:&lt;base&gt;:modelhub-sim:&lt;suffix&gt;:&lt;short id&gt;</c>.</summary>
    [JsonIgnore]
    public string FineTunedModel => $"ft:{Model}:modelhub-sim:{Suffix ?? ""}:{Id[^8..]}";

    [JsonIgnore]
    public string ResultFileId => "file-result-" + Id["ftjob-".Length..];
}

/// <summary>One event of a job, in OpenAI's shape: <c>message</c> or <c>metrics</c> (with <see cref="Data"/>).</summary>
public sealed record SimEvent(string Id, DateTimeOffset CreatedAt, string Level, string Message, string Type, StepMetrics? Data);

/// <summary>Metrics of one training step; validation values are null when the job has no validation file.</summary>
public sealed record StepMetrics(int Step, int TotalSteps, double TrainLoss, double TrainMeanTokenAccuracy, double? ValidLoss, double? ValidMeanTokenAccuracy);

/// <summary>A checkpoint written at the end of an epoch.</summary>
public sealed record SimCheckpoint(string Id, DateTimeOffset CreatedAt, string FineTunedModelCheckpoint, int StepNumber, StepMetrics Metrics, string JobId);

/// <summary>A model the simulator serves: a base model or a fine-tuned one.</summary>
public sealed record SimModel(string Id, DateTimeOffset CreatedAt, string OwnedBy);

/// <summary>One chat message of a completion request.</summary>
public sealed record SimChatMessage(string Role, string Content);

/// <summary>The simulator's answer to a chat completion.</summary>
public sealed record SimChatAnswer(string Id, string Model, DateTimeOffset CreatedAt, string Content, int PromptTokens, int CompletionTokens);
