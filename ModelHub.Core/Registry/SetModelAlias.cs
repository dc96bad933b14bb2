using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Registry;

/// <summary>Points a custom alias at a version of its model: creates it, or moves it in one UPDATE, audited in the same transaction.</summary>
public sealed class SetModelAlias(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, AliasResolutionCache cache, IUpdateBus bus, TimeProvider time)
{
    /// <summary>Where the alias points now, whether it existed before, and whether this call moved it.</summary>
    public sealed record AliasSet(string Model, string Alias, int Version, bool Created, bool Changed = true);

    public async Task<Result<AliasSet>> SetAsync(string model, string alias, int version, Actor actor, CancellationToken ct = default)
    {
        if (AliasNames.Check(alias) is { } invalid)
        {
            return invalid;
        }

        // Two first-time sets of one name race on the unique (model, name) index: the loser retries and moves the
        // row the winner inserted, so the alias always ends on exactly one version.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await TrySetAsync(model, alias, version, actor, ct);
                if (result is { Succeeded: true, Value.Changed: true })
                {
                    cache.Invalidate(model);
                    bus.Publish(new ModelAliasChanged(Topics.Model(model), model, alias));
                }

                return result;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
            }
        }
    }

    private async Task<Result<AliasSet>> TrySetAsync(string model, string alias, int number, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // Models and versions are never deleted, so their ids are looked up before queueing for the writer lock.
        var target = await db.ModelVersions.Named(model, number)
            .Select(v => new
            {
                v.RegisteredModelId,
                v.Id,
                Current = db.ModelAliases.Where(a => a.RegisteredModelId == v.RegisteredModelId && a.Name == alias).Select(a => (int?)a.ModelVersionId).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (target is null)
        {
            return await db.RegisteredModels.AnyAsync(m => m.Name == model, ct)
                ? new Error(ErrorKind.NotFound, "not-found", $"Model '{model}' has no version {number}.") { Target = "version" }
                : Error.NotFound($"Model '{model}'");
        }

        if (target.Current == target.Id)
        {
            // Already there: a PUT that changes nothing answers from committed state, with no write and no audit entry.
            return new AliasSet(model, alias, number, Created: false, Changed: false);
        }

        return await audit.WriteAsync<Result<AliasSet>>(db, async trail =>
        {
            // The row is tracked (entities in a projection are) and comes with the number it points at now.
            var current = await db.ModelAliases.Where(a => a.RegisteredModelId == target.RegisteredModelId && a.Name == alias)
                .Select(a => new { Row = a, a.ModelVersion!.Number }).SingleOrDefaultAsync(ct);
            var row = current?.Row;
            int? before = current?.Number;
            if (row?.ModelVersionId == target.Id)
            {
                // Moved here by someone else while this request waited for the lock: nothing to change or audit.
                return new AliasSet(model, alias, number, Created: false, Changed: false);
            }

            var now = time.GetUtcNow();
            if (row is null)
            {
                row = new ModelAlias { RegisteredModelId = target.RegisteredModelId, Name = alias, UpdatedById = actor.Id! };
                db.ModelAliases.Add(row);
            }

            row.ModelVersionId = target.Id;
            row.UpdatedAt = now;
            row.UpdatedById = actor.Id!;
            ModelLastChange.Set(db, target.RegisteredModelId, now);
            trail.Add(new AuditRecord(actor, AuditActions.AliasSet, AuditObjects.Alias, AliasAudit.ObjectId(target.RegisteredModelId, alias), AliasAudit.ObjectName(model, alias))
            {
                Before = AuditRecord.ToJson(new { version = before }),
                After = AuditRecord.ToJson(new { version = number }),
            });
            return new AliasSet(model, alias, number, before is null);
        }, ct);
    }
}

/// <summary>How alias changes name their object in the audit log.</summary>
internal static class AliasAudit
{
    public static string ObjectId(int modelId, string alias) => string.Create(CultureInfo.InvariantCulture, $"{modelId}:{alias}");

    public static string ObjectName(string model, string alias) => $"{model} @{alias}";
}

/// <summary>The rules for custom alias names.</summary>
public static class AliasNames
{
    /// <summary>Null when <paramref name="alias"/> may be used as a custom alias; otherwise the <c>invalid-alias</c> error.</summary>
    public static Error? Check(string alias)
    {
        if (!ModelAlias.IsValidName(alias))
        {
            return Error.Invalid("invalid-alias", $"'{alias}' is not a valid alias: use 1–{ModelAlias.MaxNameLength} lowercase letters, digits, '-' or '_'.", "alias");
        }

        return ModelAlias.IsReserved(alias)
            ? Error.Invalid("invalid-alias", $"'{alias}' is reserved: production and staging move only with stages, latest is always the newest version.", "alias")
            : null;
    }
}
