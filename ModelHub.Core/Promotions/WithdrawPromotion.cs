using System.Globalization;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Realtime;

namespace ModelHub.Core.Promotions;

/// <summary>The requester takes back a pending request.</summary>
public sealed class WithdrawPromotion(AuditLog audit, IUpdateBus bus, TimeProvider time)
{
    public async Task<Result<int>> WithdrawAsync(int requestId, Actor actor, CancellationToken ct = default)
    {
        var result = await StageMoves.RunAsync<int>(audit, async (db, trail) =>
        {
            var loaded = await PendingRequest.LoadAsync(db, requestId, ct);
            if (!loaded.Succeeded)
            {
                return loaded.Error!;
            }

            var (request, model, candidate) = loaded.Value;
            if (request.RequestedById != actor.Id)
            {
                return Error.Forbidden("forbidden", "Only the requester can withdraw a request.");
            }

            request.Status = PromotionStatus.Withdrawn;
            request.DecidedById = actor.Id;
            request.DecidedAt = time.GetUtcNow();
            trail.Add(new AuditRecord(actor, AuditActions.PromotionWithdrawn, AuditObjects.Promotion, request.Id.ToString(CultureInfo.InvariantCulture), $"{model.Name} v{candidate.Number}")
            {
                Before = AuditRecord.ToJson(new { status = nameof(PromotionStatus.Pending) }),
                After = AuditRecord.ToJson(new { status = nameof(PromotionStatus.Withdrawn) }),
            });
            return request.Id;
        }, ct);

        bus.Publish(new PromotionRequestsChanged(Topics.Promotions, ""));
        return result;
    }
}
