using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>
/// An Engineer's direct stage change: to Staging, back to None, or to Archived. Deploying to Staging demotes the
/// previous Staging version to None (not Archived: it was never retired from production, only replaced as the
/// candidate). Production is reached only through <see cref="ApprovePromotion"/> or <see cref="RollBack"/>.
/// </summary>
public sealed class ChangeStage(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, AliasResolutionCache cache, IUpdateBus bus, TimeProvider time)
{
    /// <summary>The version's stage after the change.</summary>
    public sealed record StageChanged(string Model, int Version, ModelStage Stage, int? DemotedVersion);

    public async Task<Result<StageChanged>> ChangeAsync(string modelName, int number, ModelStage to, string? reason, Actor actor, CancellationToken ct = default)
    {
        if (to is not (ModelStage.Staging or ModelStage.None or ModelStage.Archived))
        {
            return StageMoves.InvalidTransition($"A version reaches {to} only through an approved promotion request or a rollback.");
        }

        if (InputLimits.Text(reason, "reason", "The reason") is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);

        // Models and versions are never deleted, so their ids are looked up before queueing for the writer lock.
        var ids = await db.ModelVersions.Named(modelName, number)
            .Select(v => new { v.RegisteredModelId, v.Id }).SingleOrDefaultAsync(ct);
        if (ids is null)
        {
            return Error.NotFound($"Version {number} of model '{modelName}'");
        }

        var result = await StageMoves.RunAsync<StageChanged>(audit, db, async trail =>
        {
            // The version and, when it enters Staging, the one it replaces there, in one query.
            var entering = to == ModelStage.Staging;
            var touched = await db.ModelVersions
                .Where(v => v.Id == ids.Id || (entering && v.RegisteredModelId == ids.RegisteredModelId && v.Stage == ModelStage.Staging))
                .ToListAsync(ct);
            var version = touched.Single(v => v.Id == ids.Id);
            var previous = touched.SingleOrDefault(v => v.Id != ids.Id);
            var now = time.GetUtcNow();
            var from = version.Stage;
            if (previous is not null)
            {
                // Saved first: the unique "one Staging per model" index must never see two.
                StageMoves.Move(db, previous, ModelStage.None, StageMoveKind.Manual, actor.Id!, $"Replaced in staging by v{number}", now);
                await db.SaveChangesAsync(ct);
                trail.Add(Record(actor, modelName, previous, ModelStage.Staging, ModelStage.None, $"Replaced in staging by v{number}"));
            }

            // Saved with the audit entries in one round trip.
            StageMoves.Move(db, version, to, StageMoveKind.Manual, actor.Id!, reason, now);
            ModelLastChange.Set(db, ids.RegisteredModelId, now);
            trail.Add(Record(actor, modelName, version, from, to, reason));
            return new StageChanged(modelName, number, to, previous?.Number);
        }, ct);

        if (result.Succeeded)
        {
            StageMoves.Published(cache, bus, modelName, number, to, actor);
            // A candidate that left Staging makes its pending request stale: the queue and its count reload.
            bus.Publish(new PromotionRequestsChanged(Topics.Promotions, modelName));
        }

        return result;
    }

    private static AuditRecord Record(Actor actor, string modelName, ModelVersion version, ModelStage from, ModelStage to, string? reason) =>
        new(actor, to switch
        {
            ModelStage.Staging => AuditActions.VersionStaged,
            ModelStage.Archived => AuditActions.VersionArchived,
            _ => AuditActions.VersionUnstaged,
        }, AuditObjects.Version, version.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{modelName} v{version.Number}")
        {
            Before = AuditRecord.ToJson(new { stage = from.ToString() }),
            After = AuditRecord.ToJson(new { stage = to.ToString() }),
            Reason = reason,
        };
}
