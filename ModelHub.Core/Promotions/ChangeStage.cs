using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>
/// An Engineer's direct stage change: to Staging, back to None, or to Archived. Deploying to Staging demotes the
/// previous Staging version to None (not Archived: it was never retired from production, only replaced as the
/// candidate). Production is reached only through <see cref="ApprovePromotion"/> or <see cref="RollBack"/>.
/// </summary>
public sealed class ChangeStage(AuditLog audit, AliasResolutionCache cache, IUpdateBus bus, TimeProvider time)
{
    /// <summary>The version's stage after the change.</summary>
    public sealed record StageChanged(string Model, int Version, ModelStage Stage, int? DemotedVersion);

    public async Task<Result<StageChanged>> ChangeAsync(string modelName, int number, ModelStage to, string? reason, Actor actor, CancellationToken ct = default)
    {
        if (to is not (ModelStage.Staging or ModelStage.None or ModelStage.Archived))
        {
            return StageMoves.InvalidTransition($"A version reaches {to} only through an approved promotion request or a rollback.");
        }

        var result = await StageMoves.RunAsync<StageChanged>(audit, async (db, trail) =>
        {
            var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == modelName, ct);
            var version = model is null ? null : await db.ModelVersions.SingleOrDefaultAsync(v => v.RegisteredModelId == model.Id && v.Number == number, ct);
            if (model is null || version is null)
            {
                return Error.NotFound($"Version {number} of model '{modelName}'");
            }

            var now = time.GetUtcNow();
            var from = version.Stage;
            int? demoted = null;
            if (to == ModelStage.Staging)
            {
                var previous = await db.ModelVersions.SingleOrDefaultAsync(v => v.RegisteredModelId == model.Id && v.Stage == ModelStage.Staging && v.Id != version.Id, ct);
                if (previous is not null)
                {
                    StageMoves.Move(db, previous, ModelStage.None, StageMoveKind.Manual, actor.Id!, $"Replaced in staging by v{number}", now);
                    await db.SaveChangesAsync(ct);
                    demoted = previous.Number;
                    trail.Add(Record(actor, model, previous, ModelStage.Staging, ModelStage.None, $"Replaced in staging by v{number}"));
                }
            }

            StageMoves.Move(db, version, to, StageMoveKind.Manual, actor.Id!, reason, now);
            model.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            trail.Add(Record(actor, model, version, from, to, reason));
            return new StageChanged(modelName, number, to, demoted);
        }, ct);

        if (result.Succeeded)
        {
            StageMoves.Published(cache, bus, modelName, number, to, actor);
            // A candidate that left Staging makes its pending request stale: the queue and its count reload.
            bus.Publish(new PromotionRequestsChanged(Topics.Promotions, modelName));
        }

        return result;
    }

    private static AuditRecord Record(Actor actor, RegisteredModel model, ModelVersion version, ModelStage from, ModelStage to, string? reason) =>
        new(actor, to switch
        {
            ModelStage.Staging => AuditActions.VersionStaged,
            ModelStage.Archived => AuditActions.VersionArchived,
            _ => AuditActions.VersionUnstaged,
        }, AuditObjects.Version, version.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{model.Name} v{version.Number}")
        {
            Before = AuditRecord.ToJson(new { stage = from.ToString() }),
            After = AuditRecord.ToJson(new { stage = to.ToString() }),
            Reason = reason,
        };
}
