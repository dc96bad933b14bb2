using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>
/// Restores a version that was in production before (by default the one immediately before the current one): the
/// current Production version is archived and the target returns. No approval, but a reason; it touches only the
/// registry, so it works while the provider is unreachable.
/// </summary>
public sealed class RollBack(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, AliasResolutionCache cache, IUpdateBus bus, TimeProvider time)
{
    /// <summary>Production now, and what it replaced.</summary>
    public sealed record RolledBack(string Model, int Version, int? PreviousVersion);

    /// <summary>A version that may be rolled back to, newest production period first.</summary>
    public sealed record RollbackTarget(int Version, string ProviderModelId, DateTimeOffset LastInProductionAt);

    /// <summary>The versions that were in production before and are not now; the first is the default target.</summary>
    public async Task<IReadOnlyList<RollbackTarget>> TargetsAsync(string modelName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await TargetsAsync(db, modelName, ct);
    }

    public async Task<Result<RolledBack>> RollBackAsync(string modelName, int? toVersion, string? reason, Actor actor, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Error.Validation("reason is required: say why production is rolled back.", "reason");
        }

        if (InputLimits.Text(reason, "reason", "The rollback reason") is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // Models are never deleted, so the id is looked up before queueing for the writer lock.
        var modelId = await db.RegisteredModels.Where(m => m.Name == modelName).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return Error.NotFound($"Model '{modelName}'");
        }

        var result = await StageMoves.RunAsync<RolledBack>(audit, db, async trail =>
        {
            // One indexed look-up rather than the whole target list: this runs inside the write transaction.
            var eligible = db.StageTransitions.Where(t => t.To == ModelStage.Production
                && t.ModelVersion!.RegisteredModelId == modelId && t.ModelVersion.Stage == ModelStage.Archived);
            if (toVersion is { } wanted)
            {
                eligible = eligible.Where(t => t.ModelVersion!.Number == wanted);
            }

            var candidate = await eligible.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Select(t => t.ModelVersion!).FirstOrDefaultAsync(ct);
            if (candidate is null)
            {
                return StageMoves.InvalidTransition(toVersion is { } v
                    ? $"Version {v} of '{modelName}' cannot be rolled back to: it is in production now or never was."
                    : $"'{modelName}' has no earlier production version to roll back to.");
            }

            var previous = await StageMoves.ReplaceProductionAsync(db, modelId.Value, candidate, StageMoveKind.Rollback, DeploymentKind.Rollback, actor.Id!, reason.Trim(), time.GetUtcNow(), ct);
            trail.Add(new AuditRecord(actor, AuditActions.Rollback, AuditObjects.Model, modelId.Value.ToString(CultureInfo.InvariantCulture), modelName)
            {
                Before = AuditRecord.ToJson(new { production = previous?.Number }),
                After = AuditRecord.ToJson(new { production = candidate.Number }),
                Reason = reason.Trim(),
            });
            return new RolledBack(modelName, candidate.Number, previous?.Number);
        }, ct);

        if (result.Succeeded)
        {
            StageMoves.Published(cache, bus, modelName, result.Value.Version, ModelStage.Production, actor);
            bus.Publish(new ProductionRolledBack(Topics.Model(modelName), modelName, result.Value.Version, actor.Name));
            bus.Publish(new PromotionRequestsChanged(Topics.Promotions, modelName));
        }

        return result;
    }

    private static async Task<IReadOnlyList<RollbackTarget>> TargetsAsync(ModelHubDbContext db, string modelName, CancellationToken ct)
    {
        // Stage history, not only deployments: versions put in production before deployments were recorded count too.
        var rows = await db.StageTransitions
            .Where(t => t.To == ModelStage.Production && t.ModelVersion!.RegisteredModel!.Name == modelName && t.ModelVersion.Stage == ModelStage.Archived)
            .Select(t => new { t.ModelVersion!.Number, t.ModelVersion.ProviderModelId, t.At, t.Id })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Number)
            .Select(g => g.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).First())
            .OrderByDescending(r => r.At).ThenByDescending(r => r.Id)
            .Select(r => new RollbackTarget(r.Number, r.ProviderModelId, r.At))
            .ToList();
    }
}
