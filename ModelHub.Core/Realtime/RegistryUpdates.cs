namespace ModelHub.Core.Realtime;

/// <summary>
/// What an alias of <paramref name="ModelName"/> resolves to may have changed (custom alias set or removed, stage
/// moved). Instances holding a resolution cache drop that model's entries.
/// </summary>
public sealed record ModelAliasChanged(string Topic, string ModelName, string Alias) : Update(Topic);

/// <summary>A version of <paramref name="ModelName"/> changed stage; pages showing the model reload.</summary>
public sealed record ModelStageChanged(string Topic, string ModelName, int Version, string Stage, string ByName) : Update(Topic);

/// <summary>Production of <paramref name="ModelName"/> was rolled back to <paramref name="Version"/> by <paramref name="ByName"/>.</summary>
public sealed record ProductionRolledBack(string Topic, string ModelName, int Version, string ByName) : Update(Topic);

/// <summary>A promotion request was made, decided, withdrawn or went stale; the Approvals page and its nav count reload.</summary>
public sealed record PromotionRequestsChanged(string Topic, string ModelName) : Update(Topic);

/// <summary>
/// Something a version of <paramref name="ModelName"/> shows besides its stage and aliases changed (description, tags),
/// or the model was renamed. Instances holding answers built from versions drop that model's entries.
/// </summary>
public sealed record ModelVersionDetailsChanged(string Topic, string ModelName) : Update(Topic);
