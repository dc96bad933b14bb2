namespace ModelHub.Core.Providers;

/// <summary>A file as the provider describes it.</summary>
public sealed record ProviderFile(string Id, string FileName, long? Bytes, DateTimeOffset CreatedAt, string Purpose);

/// <summary>Hyperparameters of a job; null means "auto" (chosen by the provider) or not reported.</summary>
public sealed record ProviderHyperparameters(int? NEpochs, int? BatchSize, double? LearningRateMultiplier);

/// <summary>What ModelHub asks the provider to fine-tune; <see cref="ModelHubJobId"/> makes creation idempotent.</summary>
public sealed record CreateJobRequest(
    string ModelHubJobId,
    string BaseModel,
    string TrainingFileId,
    string? ValidationFileId,
    ProviderHyperparameters Hyperparameters,
    string? Suffix,
    int? Seed);

/// <summary>Why a job failed, as the provider put it.</summary>
public sealed record ProviderJobError(string? Code, string Message, string? Param);

/// <summary>A fine-tuning job; <see cref="Status"/> is in the provider's words (<c>validating_files</c> … <c>cancelled</c>).</summary>
public sealed record ProviderJob(
    string Id,
    string Status,
    string BaseModel,
    string TrainingFileId,
    string? ValidationFileId,
    string? FineTunedModel,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? EstimatedFinish,
    long? TrainedTokens,
    ProviderHyperparameters Hyperparameters,
    string? Suffix,
    long? Seed,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string> ResultFileIds,
    ProviderJobError? Error)
{
    public const string ModelHubJobIdKey = "modelhub_job_id";

    public bool IsTerminal => Status is "succeeded" or "failed" or "cancelled";

    public string? ModelHubJobId => Metadata.GetValueOrDefault(ModelHubJobIdKey);
}

/// <summary>Step metrics carried by a <c>metrics</c> event or a checkpoint.</summary>
public sealed record ProviderMetrics(
    int Step,
    int? TotalSteps,
    double? TrainLoss,
    double? TrainMeanTokenAccuracy,
    double? ValidLoss,
    double? ValidMeanTokenAccuracy);

/// <summary>One job event; <see cref="Type"/> is <c>message</c> or <c>metrics</c> (then <see cref="Metrics"/> is set).</summary>
public sealed record ProviderJobEvent(string Id, DateTimeOffset CreatedAt, string Level, string Message, string Type, ProviderMetrics? Metrics);

/// <summary>A checkpoint the provider kept during a job.</summary>
public sealed record ProviderCheckpoint(string Id, DateTimeOffset CreatedAt, string FineTunedModelCheckpoint, int StepNumber, ProviderMetrics? Metrics);

/// <summary>A model the provider serves.</summary>
public sealed record ProviderModel(string Id, DateTimeOffset CreatedAt, string OwnedBy);

/// <summary>One page of a list; the provider returns events newest first, so page on with <see cref="LastId"/> as <c>after</c>.</summary>
public sealed record ProviderPage<T>(IReadOnlyList<T> Items, bool HasMore, string? LastId);

/// <summary>One chat message sent to a model (<c>system</c>, <c>user</c> or <c>assistant</c>).</summary>
public sealed record ProviderChatMessage(string Role, string Content);

/// <summary>Optional sampling settings of a chat completion.</summary>
public sealed record ChatCompletionSettings(float? Temperature = null, int? MaxOutputTokens = null);

/// <summary>A model's answer with the tokens it cost.</summary>
public sealed record ChatCompletionResult(string Text, int PromptTokens, int CompletionTokens, string Model);
