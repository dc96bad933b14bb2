using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Registry;

/// <summary>Deletes a custom alias; resolving it afterwards answers 404.</summary>
public sealed class RemoveModelAlias(IDbContextFactory<ModelHubDbContext> dbFactory, AliasResolutionCache cache, IUpdateBus bus, TimeProvider time)
{
    public async Task<Result<bool>> RemoveAsync(string model, string alias, CancellationToken ct = default)
    {
        if (AliasNames.Check(alias) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var registered = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == model, ct);
        if (registered is null)
        {
            return Error.NotFound($"Model '{model}'");
        }

        var row = await db.ModelAliases.SingleOrDefaultAsync(a => a.RegisteredModelId == registered.Id && a.Name == alias, ct);
        if (row is null)
        {
            return new Error("not-found", $"Model '{model}' has no alias '{alias}'.");
        }

        db.ModelAliases.Remove(row);
        registered.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);

        cache.Invalidate(model);
        bus.Publish(new ModelAliasChanged(Topics.Model(model), model, alias));
        return true;
    }
}
