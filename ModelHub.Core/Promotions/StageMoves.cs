using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Data.Providers;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>The steps every stage-changing use case shares, run inside its <see cref="AuditLog.WriteAsync{T}(Func{ModelHubDbContext, AuditTrail, Task{T}}, CancellationToken)"/> transaction.</summary>
internal static class StageMoves
{
    /// <summary>Thrown inside a transaction to roll it back with an error the caller returns.</summary>
    internal sealed class Refused(Error error) : Exception(error.Message)
    {
        public Error Error { get; } = error;
    }

    public static Error InvalidTransition(string message) => Error.Conflict("invalid-transition", message);

    /// <summary>Moves one version, recording the transition; refuses what <see cref="StageMachine"/> does not allow.</summary>
    public static void Move(ModelHubDbContext db, ModelVersion version, ModelStage to, StageMoveKind kind, string userId, string? reason, DateTimeOffset now)
    {
        if (!StageMachine.Allows(version.Stage, to, kind))
        {
            throw new Refused(InvalidTransition($"Version {version.Number} cannot move from {version.Stage} to {to} this way."));
        }

        db.StageTransitions.Add(new StageTransition { ModelVersionId = version.Id, From = version.Stage, To = to, At = now, ById = userId, Reason = reason });
        version.Stage = to;
    }

    /// <summary>
    /// Replaces the model's Production version by <paramref name="candidate"/>: the old one is archived and saved first
    /// (so the unique "one Production" index never sees two), then the candidate enters, and the deployment timeline
    /// closes the old period and opens the new one. The candidate's changes are left pending: the audited write saves
    /// them with its entries in one round trip.
    /// </summary>
    public static async Task<ModelVersion?> ReplaceProductionAsync(
        ModelHubDbContext db, int modelId, ModelVersion candidate, StageMoveKind kind, string deploymentKind, string userId, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        var current = await db.ModelVersions.SingleOrDefaultAsync(v => v.RegisteredModelId == modelId && v.Stage == ModelStage.Production, ct);
        if (current is not null)
        {
            Move(db, current, ModelStage.Archived, StageMoveKind.Replacement, userId, reason, now);
        }

        var open = await db.Deployments.SingleOrDefaultAsync(d => d.RegisteredModelId == modelId && d.To == null, ct);
        if (open is not null)
        {
            open.To = now;
        }

        await db.SaveChangesAsync(ct);
        Move(db, candidate, ModelStage.Production, kind, userId, reason, now);
        db.Deployments.Add(new Deployment
        {
            RegisteredModelId = modelId,
            ModelVersionId = candidate.Id,
            ProviderModelId = candidate.ProviderModelId,
            From = now,
            ById = userId,
            Reason = reason,
            Kind = deploymentKind,
        });
        ModelLastChange.Set(db, modelId, now);
        return current;
    }

    /// <summary>Runs a stage change in one audited transaction; refusals and unique-index races become errors, never exceptions.</summary>
    public static Task<Result<T>> RunAsync<T>(AuditLog audit, Func<ModelHubDbContext, AuditTrail, Task<Result<T>>> change, CancellationToken ct) =>
        RefusalsAsErrorsAsync(() => audit.WriteAsync(change, ct));

    /// <summary>The same, on a context the caller already used for look-ups outside the transaction.</summary>
    public static Task<Result<T>> RunAsync<T>(AuditLog audit, ModelHubDbContext db, Func<AuditTrail, Task<Result<T>>> change, CancellationToken ct) =>
        RefusalsAsErrorsAsync(() => audit.WriteAsync(db, change, ct));

    private static async Task<Result<T>> RefusalsAsErrorsAsync<T>(Func<Task<Result<T>>> write)
    {
        try
        {
            return await write();
        }
        catch (Refused refused)
        {
            return refused.Error;
        }
        catch (DbUpdateException e) when (ConstraintViolation.Is(e))
        {
            return InvalidTransition("The model's stages changed meanwhile; reload and try again.");
        }
    }

    /// <summary>After the commit: forget cached resolutions and tell open pages.</summary>
    public static void Published(AliasResolutionCache cache, IUpdateBus bus, string model, int version, ModelStage stage, Actor actor)
    {
        cache.Invalidate(model);
        bus.Publish(new ModelAliasChanged(Topics.Model(model), model, stage == ModelStage.Production ? ModelAlias.Production : ModelAlias.Staging));
        bus.Publish(new ModelStageChanged(Topics.Model(model), model, version, stage.ToString(), actor.Name));
    }
}
