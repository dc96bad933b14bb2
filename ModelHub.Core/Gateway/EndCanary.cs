using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Gateway;

/// <summary>Ends a model's canary, audited; used by "End canary", by <c>{"staging": 0}</c> and after a stage change of either version.</summary>
public sealed class EndCanary(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, CanarySettings settings, IUpdateBus bus)
{
    /// <summary>Ends the canary of <paramref name="model"/> if one runs; true when one was ended.</summary>
    public async Task<bool> EndAsync(string model, string reason, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == model).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null || !await db.CanaryTraffic.AnyAsync(c => c.RegisteredModelId == modelId, ct))
        {
            return false;
        }

        var ended = await EndAsync(db, audit, modelId.Value, model, reason, actor, ct);
        settings.Forget(model);
        bus.Publish(new CanaryChanged(Topics.Model(model), model, 0));
        return ended is not null;
    }

    /// <summary>Ends the canary of <paramref name="model"/> when its production or Staging version is no longer the one it was set for.</summary>
    public async Task<bool> EndIfVersionsMovedAsync(string model, string reason, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var state = await db.CanaryTraffic
            .Where(c => db.RegisteredModels.Any(m => m.Id == c.RegisteredModelId && m.Name == model))
            .Select(c => new
            {
                c.ProductionVersion,
                c.StagingVersion,
                Production = db.ModelVersions.Where(v => v.RegisteredModelId == c.RegisteredModelId && v.Stage == ModelStage.Production).Select(v => (int?)v.Number).FirstOrDefault(),
                Staging = db.ModelVersions.Where(v => v.RegisteredModelId == c.RegisteredModelId && v.Stage == ModelStage.Staging).Select(v => (int?)v.Number).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (state is null || (state.Production == state.ProductionVersion && state.Staging == state.StagingVersion))
        {
            return false;
        }

        return await EndAsync(model, reason, actor, ct);
    }

    /// <summary>Deletes the canary row with its audit entry in one transaction; the row it removed, or null when none ran.</summary>
    internal static Task<CanaryTraffic?> EndAsync(ModelHubDbContext db, AuditLog audit, int modelId, string model, string reason, Actor actor, CancellationToken ct) =>
        audit.WriteAsync(db, async trail =>
        {
            var row = await db.CanaryTraffic.SingleOrDefaultAsync(c => c.RegisteredModelId == modelId, ct);
            if (row is null)
            {
                return null;
            }

            db.CanaryTraffic.Remove(row);
            trail.Add(new AuditRecord(actor, GatewayAuditActions.CanaryEnded, AuditObjects.Model, modelId.ToString(System.Globalization.CultureInfo.InvariantCulture), model)
            {
                Before = AuditRecord.ToJson(new { staging = row.Percent, production_version = row.ProductionVersion, staging_version = row.StagingVersion }),
                After = AuditRecord.ToJson(new { staging = 0 }),
                Reason = reason,
            });
            return row;
        }, ct);
}

/// <summary>
/// Ends a model's canary when either of its versions changes stage (promotion, rollback, staging or archiving), by
/// watching the update bus. Routing already ignores a canary whose versions no longer hold their stages, so the calls
/// stop splitting at the commit; this writes the row's end into the audit log.
/// </summary>
public sealed class CanaryStageWatch(IUpdateBus bus, EndCanary end, Microsoft.Extensions.Logging.ILogger<CanaryStageWatch> logger) : Microsoft.Extensions.Hosting.IHostedService, IDisposable
{
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        subscription = bus.Subscribe(InProcessUpdateBus.AllTopics, async update =>
        {
            if (update is ModelStageChanged changed)
            {
                try
                {
                    await end.EndIfVersionsMovedAsync(changed.ModelName, $"v{changed.Version} moved to {changed.Stage} (by {changed.ByName})", Actor.System);
                }
                catch (Exception failure) when (failure is DbUpdateException or InvalidOperationException)
                {
                    Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, failure, "Ending the canary of {Model} after a stage change failed.", changed.ModelName);
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        subscription?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => subscription?.Dispose();
}
