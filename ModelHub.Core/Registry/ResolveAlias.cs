using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Registry;

/// <summary>
/// Answers "which version is <c>model/alias</c> now": <c>production</c> and <c>staging</c> follow stages, <c>latest</c>
/// is the newest version, anything else is a custom alias. Read through <see cref="AliasResolutionCache"/>.
/// </summary>
public sealed class ResolveAlias(IDbContextFactory<ModelHubDbContext> dbFactory, AliasResolutionCache cache)
{
    public async ValueTask<Result<AliasResolution>> ResolveAsync(string model, string alias, CancellationToken ct = default)
    {
        if (cache.TryGet(model, alias) is { } hit)
        {
            return hit;
        }

        var generation = cache.Generation(model);
        var loaded = await LoadAsync(model, alias, ct);
        if (loaded.Succeeded)
        {
            cache.TryStore(loaded.Value, generation);
        }

        return loaded;
    }

    /// <summary>Version <paramref name="number"/> of <paramref name="model"/>, cached with the aliases (under a key no alias can have).</summary>
    public async ValueTask<Result<AliasResolution>> ResolveVersionAsync(string model, int number, CancellationToken ct = default)
    {
        var key = VersionKey(number);
        if (cache.TryGet(model, key) is { } hit)
        {
            return hit;
        }

        var generation = cache.Generation(model);
        var loaded = await LoadVersionAsync(model, number, ct);
        if (loaded.Succeeded)
        {
            cache.TryStore(loaded.Value, generation);
        }

        return loaded;
    }

    // '#' is not allowed in alias names, so a version never shadows a custom alias that is all digits.
    private static string VersionKey(int number) => "#" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Result<AliasResolution>> LoadVersionAsync(string model, int number, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.ModelVersions.Named(model, number)
            .Select(v => new { v.ProviderModelId, v.Stage, v.CreatedAt }).SingleOrDefaultAsync(ct);
        if (found is not null)
        {
            return new AliasResolution(model, VersionKey(number), number, found.ProviderModelId, found.Stage, found.CreatedAt);
        }

        return await db.RegisteredModels.AnyAsync(m => m.Name == model, ct)
            ? new Error(ErrorKind.NotFound, "not-found", $"Model '{model}' has no version {number}.")
            : Error.NotFound($"Model '{model}'");
    }

    private async Task<Result<AliasResolution>> LoadAsync(string model, string alias, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == model).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return Error.NotFound($"Model '{model}'");
        }

        var versions = db.ModelVersions.Where(v => v.RegisteredModelId == modelId);
        switch (alias)
        {
            case ModelAlias.Production or ModelAlias.Staging:
            {
                var stage = alias == ModelAlias.Production ? ModelStage.Production : ModelStage.Staging;
                var found = await versions.Where(v => v.Stage == stage)
                    .Select(v => new
                    {
                        v.Number,
                        v.ProviderModelId,
                        v.CreatedAt,
                        Since = db.StageTransitions.Where(t => t.ModelVersionId == v.Id && t.To == stage)
                            .OrderByDescending(t => t.At).Select(t => (DateTimeOffset?)t.At).FirstOrDefault(),
                    })
                    .FirstOrDefaultAsync(ct);
                return found is null
                    ? new Error(ErrorKind.NotFound, "not-found", $"Model '{model}' has no {alias} version.")
                    : new AliasResolution(model, alias, found.Number, found.ProviderModelId, stage, found.Since ?? found.CreatedAt);
            }

            case ModelAlias.Latest:
            {
                var found = await versions.OrderByDescending(v => v.Number)
                    .Select(v => new { v.Number, v.ProviderModelId, v.Stage, v.CreatedAt }).FirstOrDefaultAsync(ct);
                return found is null
                    ? new Error(ErrorKind.NotFound, "not-found", $"Model '{model}' has no versions yet.")
                    : new AliasResolution(model, alias, found.Number, found.ProviderModelId, found.Stage, found.CreatedAt);
            }

            default:
            {
                var found = await db.ModelAliases.Where(a => a.RegisteredModelId == modelId && a.Name == alias)
                    .Select(a => new { a.ModelVersion!.Number, a.ModelVersion.ProviderModelId, a.ModelVersion.Stage, a.UpdatedAt })
                    .SingleOrDefaultAsync(ct);
                return found is null
                    ? new Error(ErrorKind.NotFound, "not-found", $"Model '{model}' has no alias '{alias}'.")
                    : new AliasResolution(model, alias, found.Number, found.ProviderModelId, found.Stage, found.UpdatedAt);
            }
        }
    }
}
