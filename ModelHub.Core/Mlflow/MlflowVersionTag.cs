namespace ModelHub.Core.Mlflow;

/// <summary>An MLflow tag on a model version.</summary>
public sealed class MlflowVersionTag
{
    /// <summary>The tag a pipeline may set to name the provider model id when its run does not.</summary>
    public const string ProviderModelIdKey = "modelhub.provider_model_id";

    public int ModelVersionId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
