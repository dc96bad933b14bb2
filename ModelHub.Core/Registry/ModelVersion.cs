namespace ModelHub.Core.Registry;

/// <summary>Where a model version is in its life.</summary>
public enum ModelStage
{
    None,
    Staging,
    Production,
    Archived,
}

/// <summary>One trained result of a registered model, with the lineage of the job that produced it.</summary>
public sealed class ModelVersion
{
    public int Id { get; set; }

    public int RegisteredModelId { get; set; }

    public RegisteredModel? RegisteredModel { get; set; }

    /// <summary>1..n within its registered model.</summary>
    public int Number { get; set; }

    /// <summary>The provider's <c>fine_tuned_model</c> id applications call.</summary>
    public required string ProviderModelId { get; set; }

    public required string BaseModel { get; set; }

    public ModelStage Stage { get; set; } = ModelStage.None;

    /// <summary>The job that trained it; unique, so a job registers at most one version. Null for a version registered through the MLflow API from a run.</summary>
    public int? JobId { get; set; }

    /// <summary>Null for a version registered through the MLflow API (its run's tags carry what the pipeline logged).</summary>
    public int? TrainingDatasetId { get; set; }

    public string? TrainingDatasetSha256 { get; set; }

    public int? ValidationDatasetId { get; set; }

    public string? ValidationDatasetSha256 { get; set; }

    /// <summary>Epochs the provider ran ("auto" resolved when the provider reported it).</summary>
    public int? NEpochs { get; set; }

    public int? BatchSize { get; set; }

    public double? LearningRateMultiplier { get; set; }

    public string? Suffix { get; set; }

    public int? Seed { get; set; }

    /// <summary>Last value of each metric (<c>train_loss</c>, <c>valid_loss</c>, …) as a JSON object.</summary>
    public required string FinalMetricsJson { get; set; }

    public long? TrainedTokens { get; set; }

    public decimal? CostUsd { get; set; }

    /// <summary>Markdown notes about this version.</summary>
    public string? Description { get; set; }

    /// <summary>Comma-separated labels.</summary>
    public string? Tags { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
