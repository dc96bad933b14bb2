namespace ModelHub.Core.Mlflow;

/// <summary>Reads <see cref="MlflowViewType"/> from MLflow's names (ACTIVE_ONLY, DELETED_ONLY, ALL) or numbers (1, 2, 3).</summary>
public static class MlflowViewTypes
{
    /// <summary>Active only when absent or unknown, as MLflow's default.</summary>
    public static MlflowViewType Parse(string? value) => value?.ToUpperInvariant() switch
    {
        "DELETED_ONLY" or "2" => MlflowViewType.DeletedOnly,
        "ALL" or "3" => MlflowViewType.All,
        _ => MlflowViewType.ActiveOnly,
    };
}
