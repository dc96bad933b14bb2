using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Gateway;

/// <summary>
/// Sends a share of a model's production calls to its Staging version (<c>{"staging": 5}</c>), or ends the canary with 0;
/// audited in the same transaction.
/// </summary>
public sealed class SetCanaryTraffic(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, CanarySettings settings, IUpdateBus bus, TimeProvider time)
{
    /// <summary>The canary after the call: the share (0 when none runs) and the two versions it holds for.</summary>
    public sealed record CanaryState(string Model, int Staging, int? ProductionVersion, int? StagingVersion, DateTimeOffset? Since);

    public async Task<Result<CanaryState>> SetAsync(string model, int? percent, Actor actor, CancellationToken ct = default)
    {
        if (percent is not { } share || share is < 0 or > 100)
        {
            return Error.Validation("staging must be a whole number of percent from 0 (ends the canary) to 100.", "staging");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.RegisteredModels.Where(m => m.Name == model)
            .Select(m => new
            {
                m.Id,
                Production = db.ModelVersions.Where(v => v.RegisteredModelId == m.Id && v.Stage == ModelStage.Production).Select(v => (int?)v.Number).FirstOrDefault(),
                Staging = db.ModelVersions.Where(v => v.RegisteredModelId == m.Id && v.Stage == ModelStage.Staging).Select(v => (int?)v.Number).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (target is null)
        {
            return Error.NotFound($"Model '{model}'");
        }

        if (share == 0)
        {
            var ended = await EndCanary.EndAsync(db, audit, target.Id, model, "Ended by request", actor, ct);
            Published(model, 0);
            return new CanaryState(model, 0, ended?.ProductionVersion, ended?.StagingVersion, null);
        }

        if (target.Production is not { } production || target.Staging is not { } staging)
        {
            return Error.Conflict("no-canary-pair", $"Model '{model}' needs a Production and a Staging version for a canary.");
        }

        var result = await audit.WriteAsync<Result<CanaryState>>(db, async trail =>
        {
            var row = await db.CanaryTraffic.SingleOrDefaultAsync(c => c.RegisteredModelId == target.Id, ct);
            var before = row is null ? null : new { staging = row.Percent, production_version = row.ProductionVersion, staging_version = row.StagingVersion };
            var now = time.GetUtcNow();
            if (row is null || row.ProductionVersion != production || row.StagingVersion != staging)
            {
                if (row is not null)
                {
                    db.CanaryTraffic.Remove(row);
                    await db.SaveChangesAsync(ct);
                }

                row = new CanaryTraffic { RegisteredModelId = target.Id, StartedById = actor.Id ?? "", StartedAt = now };
                db.CanaryTraffic.Add(row);
            }

            row.Percent = share;
            row.ProductionVersion = production;
            row.StagingVersion = staging;
            trail.Add(new AuditRecord(actor, before is null ? GatewayAuditActions.CanaryStarted : GatewayAuditActions.CanaryChanged, AuditObjects.Model,
                target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), model)
            {
                Before = before is null ? null : AuditRecord.ToJson(before),
                After = AuditRecord.ToJson(new { staging = share, production_version = production, staging_version = staging }),
            });
            return new CanaryState(model, share, production, staging, row.StartedAt);
        }, ct);
        if (result.Succeeded)
        {
            Published(model, share);
        }

        return result;
    }

    private void Published(string model, int percent)
    {
        settings.Forget(model);
        bus.Publish(new CanaryChanged(Topics.Model(model), model, percent));
    }
}
