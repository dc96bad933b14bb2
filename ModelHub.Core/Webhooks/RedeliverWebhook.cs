using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;

namespace ModelHub.Core.Webhooks;

/// <summary>Sends a delivery again, under the same delivery id so receivers that already have it can drop it.</summary>
public sealed class RedeliverWebhook(AuditLog audit, WebhookOutbox outbox, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    public async Task<Result<WebhookDeliveryView>> RedeliverAsync(int endpointId, Guid deliveryId, Actor actor, CancellationToken ct = default)
    {
        var result = await audit.WriteAsync<Result<WebhookDeliveryView>>(async (db, trail) =>
        {
            var delivery = await db.WebhookDeliveries.Include(d => d.Event)
                .SingleOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, ct);
            if (delivery is null)
            {
                return Error.NotFound($"Delivery {deliveryId} of webhook {endpointId}");
            }

            var before = delivery.Status;
            var now = time.GetUtcNow();
            delivery.Status = WebhookDeliveryStatus.Pending;
            delivery.NextAttemptAt = now;
            delivery.GiveUpAt = now + options.CurrentValue.RetryFor;
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, AuditActions.WebhookRedelivered, AuditObjects.Webhook, endpointId.ToString(CultureInfo.InvariantCulture), delivery.Event!.Type)
            {
                Before = AuditRecord.ToJson(new { delivery = delivery.Id, status = WebhookDeliveryView.StatusName(before) }),
                After = AuditRecord.ToJson(new { delivery = delivery.Id, status = WebhookDeliveryView.StatusName(delivery.Status) }),
            });
            return WebhookQueries.ToView(delivery);
        }, ct);
        if (result.Succeeded)
        {
            outbox.Signal();
        }

        return result;
    }
}
