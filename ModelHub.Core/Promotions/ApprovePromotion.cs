using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core.Promotions;

/// <summary>
/// A Reviewer approves a pending request, which promotes at once: the previous Production version is archived, the
/// candidate enters Production and the <c>production</c> alias follows, all in one transaction with the audit entries.
/// Four eyes: the approver is neither the requester nor the engineer who launched the candidate's job, also for Admins,
/// and approves in person: not with a token someone else issued for them.
/// </summary>
public sealed class ApprovePromotion(AuditLog audit, AliasResolutionCache cache, IUpdateBus bus, TimeProvider time)
{
    /// <summary>What was promoted, and what it replaced.</summary>
    public sealed record Promoted(int RequestId, string Model, int Version, int? PreviousVersion);

    public async Task<Result<Promoted>> ApproveAsync(int requestId, string? comment, Actor actor, CancellationToken ct = default)
    {
        if (InputLimits.Text(comment, "comment", "The approval comment") is { } invalid)
        {
            return invalid;
        }

        if (PersonalDecision.Check(actor) is { } notPersonal)
        {
            return notPersonal;
        }

        var result = await StageMoves.RunAsync<Promoted>(audit, async (db, trail) =>
        {
            var loaded = await PendingRequest.LoadAsync(db, requestId, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Error!;
            }

            var (request, model, candidate) = loaded.Value;
            // A version registered through MLflow has no job: whoever registered it counts as its author.
            var launcher = candidate.JobId is null
                ? candidate.CreatedById
                : await db.FineTuneJobs.Where(j => j.Id == candidate.JobId).Select(j => j.LaunchedById).SingleOrDefaultAsync(ct);
            if (actor.Id == request.RequestedById)
            {
                return Error.Forbidden("four-eyes", "You made this request; a second person must approve it.");
            }

            if (actor.Id == launcher)
            {
                return Error.Forbidden("four-eyes", $"You launched the job that trained v{candidate.Number}; a second person must approve it.");
            }

            if (await PendingRequest.MarkIfStaleAsync(db, request, ct) is { } stale)
            {
                trail.KeepWritesOnError();
                trail.Emit(WebhookEventTypes.PromotionStale, PromotionStaleEvent.Data(request, model.Name, candidate.Number, stale.Message));
                return stale;
            }

            var now = time.GetUtcNow();
            var reason = $"Promotion request #{request.Id} approved";
            var previous = await StageMoves.ReplaceProductionAsync(db, model.Id, candidate, StageMoveKind.Approval, DeploymentKind.Promotion, actor.Id!, reason, now, ct);
            request.Status = PromotionStatus.Approved;
            request.DecidedById = actor.Id;
            request.DecidedAt = now;
            request.DecisionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();

            var name = $"{model.Name} v{candidate.Number}";
            trail.Add(new AuditRecord(actor, AuditActions.PromotionApproved, AuditObjects.Promotion, request.Id.ToString(CultureInfo.InvariantCulture), name)
            {
                Before = AuditRecord.ToJson(new { status = nameof(PromotionStatus.Pending) }),
                After = AuditRecord.ToJson(new { status = nameof(PromotionStatus.Approved) }),
                Reason = request.DecisionComment,
            });
            trail.Add(new AuditRecord(actor, AuditActions.VersionPromoted, AuditObjects.Version, candidate.Id.ToString(CultureInfo.InvariantCulture), name)
            {
                Before = AuditRecord.ToJson(new { stage = nameof(ModelStage.Staging), production = previous?.Number }),
                After = AuditRecord.ToJson(new { stage = nameof(ModelStage.Production), archived = previous?.Number }),
                Reason = reason,
            });
            return new Promoted(request.Id, model.Name, candidate.Number, previous?.Number);
        }, ct);

        if (result.Succeeded)
        {
            StageMoves.Published(cache, bus, result.Value.Model, result.Value.Version, ModelStage.Production, actor);
        }

        bus.Publish(new PromotionRequestsChanged(Topics.Promotions, ""));
        return result;
    }
}

/// <summary>Approving or rejecting is the approver's own act: their session, or a token they issued themselves.</summary>
internal static class PersonalDecision
{
    // Otherwise an Admin mints a token for a reviewer and approves their own request with it.
    public static Error? Check(Actor actor) => actor.TokenIssuer is null
        ? null
        : Error.Forbidden("four-eyes", $"This token was issued by {actor.TokenIssuer.Name}, not by you: approve or reject in ModelHub, or with a token you issued yourself.");
}

/// <summary>Loads a request that must still be pending, with its model and candidate.</summary>
internal static class PendingRequest
{
    public static async Task<Result<(PromotionRequest Request, RegisteredModel Model, ModelVersion Candidate)>> LoadAsync(ModelHubDbContext db, int id, CancellationToken ct)
    {
        var request = await db.PromotionRequests.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null)
        {
            return Error.NotFound($"Promotion request {id}");
        }

        if (request.Status != PromotionStatus.Pending)
        {
            return request.Status == PromotionStatus.Stale
                ? Error.Conflict("stale-request", $"Request #{id} is stale: its evidence no longer holds. Run the gate again and make a new request.")
                : Error.Conflict("request-decided", $"Request #{id} is already {request.Status}.");
        }

        var model = await db.RegisteredModels.SingleAsync(m => m.Id == request.RegisteredModelId, ct);
        var candidate = await db.ModelVersions.SingleAsync(v => v.Id == request.ModelVersionId, ct);
        return (request, model, candidate);
    }

    /// <summary>Marks the request Stale (saved with the surrounding transaction) and returns the refusal, or null when it still holds.</summary>
    public static async Task<Error?> MarkIfStaleAsync(ModelHubDbContext db, PromotionRequest request, CancellationToken ct)
    {
        if (await PromotionRules.StaleReasonAsync(db, request, ct) is not { } why)
        {
            return null;
        }

        request.Status = PromotionStatus.Stale;
        return Error.Conflict("stale-request", $"Request #{request.Id} is stale: {why}. Make a new request on current evidence.");
    }
}
