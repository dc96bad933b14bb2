using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Registry;

/// <summary>Deletes a custom alias, audited in the same transaction; resolving it afterwards answers 404.</summary>
public sealed class RemoveModelAlias(AuditLog audit, AliasResolutionCache cache, IUpdateBus bus, TimeProvider time)
{
    public async Task<Result<bool>> RemoveAsync(string model, string alias, Actor actor, CancellationToken ct = default)
    {
        if (AliasNames.Check(alias) is { } invalid)
        {
            return invalid;
        }

        var result = await audit.WriteAsync<Result<bool>>(async (db, trail) =>
        {
            var registered = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == model, ct);
            if (registered is null)
            {
                return Error.NotFound($"Model '{model}'");
            }

            var row = await db.ModelAliases.Include(a => a.ModelVersion).SingleOrDefaultAsync(a => a.RegisteredModelId == registered.Id && a.Name == alias, ct);
            if (row is null)
            {
                return new Error(ErrorKind.NotFound, "not-found", $"Model '{model}' has no alias '{alias}'.");
            }

            db.ModelAliases.Remove(row);
            registered.UpdatedAt = time.GetUtcNow();
            trail.Add(new AuditRecord(actor, AuditActions.AliasRemoved, AuditObjects.Alias, AliasAudit.ObjectId(registered.Id, alias), AliasAudit.ObjectName(model, alias))
            {
                Before = AuditRecord.ToJson(new { version = row.ModelVersion?.Number }),
                After = AuditRecord.ToJson(new { version = (int?)null }),
            });
            return true;
        }, ct);

        if (result.Succeeded)
        {
            cache.Invalidate(model);
            bus.Publish(new ModelAliasChanged(Topics.Model(model), model, alias));
        }

        return result;
    }
}
