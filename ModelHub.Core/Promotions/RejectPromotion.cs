using System.Globalization;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Promotions;

/// <summary>A Reviewer rejects a pending request with a comment saying why; no stage changes. Like approving, only in person.</summary>
public sealed class RejectPromotion(AuditLog audit, IUpdateBus bus, TimeProvider time)
{
    public async Task<Result<int>> RejectAsync(int requestId, string? comment, Actor actor, CancellationToken ct = default)
    {
        if (PersonalDecision.Check(actor) is { } notPersonal)
        {
            return notPersonal;
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            return Error.Validation("comment is required: say why the request is rejected.", "comment");
        }

        if (InputLimits.Text(comment, "comment", "The rejection comment") is { } invalid)
        {
            return invalid;
        }

        var result = await StageMoves.RunAsync<int>(audit, async (db, trail) =>
        {
            var loaded = await PendingRequest.LoadAsync(db, requestId, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Error!;
            }

            var (request, model, candidate) = loaded.Value;
            request.Status = PromotionStatus.Rejected;
            request.DecidedById = actor.Id;
            request.DecidedAt = time.GetUtcNow();
            request.DecisionComment = comment.Trim();
            trail.Add(new AuditRecord(actor, AuditActions.PromotionRejected, AuditObjects.Promotion, request.Id.ToString(CultureInfo.InvariantCulture), $"{model.Name} v{candidate.Number}")
            {
                Before = AuditRecord.ToJson(new { status = nameof(PromotionStatus.Pending) }),
                After = AuditRecord.ToJson(new { status = nameof(PromotionStatus.Rejected) }),
                Reason = request.DecisionComment,
            });
            return request.Id;
        }, ct);

        bus.Publish(new PromotionRequestsChanged(Topics.Promotions, ""));
        return result;
    }
}
