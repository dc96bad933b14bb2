namespace ModelHub.Core.Realtime;

/// <summary>
/// What an alias of <paramref name="ModelName"/> resolves to may have changed (custom alias set or removed, stage
/// moved). Instances holding a resolution cache drop that model's entries.
/// </summary>
public sealed record ModelAliasChanged(string Topic, string ModelName, string Alias) : Update(Topic);
