using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;

namespace ModelHub.Core.Webhooks;

/// <summary>Removes an endpoint with its delivery log; nothing more is sent to it.</summary>
public sealed class DeleteWebhook(AuditLog audit)
{
    public Task<Result<WebhookView>> DeleteAsync(int id, Actor actor, CancellationToken ct = default) =>
        audit.WriteAsync<Result<WebhookView>>(async (db, trail) =>
        {
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
            if (endpoint is null)
            {
                return Error.NotFound($"Webhook {id}");
            }

            db.WebhookEndpoints.Remove(endpoint);
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, AuditActions.WebhookDeleted, AuditObjects.Webhook, id.ToString(CultureInfo.InvariantCulture), endpoint.Url)
            {
                Before = WebhookAudit.State(endpoint),
            });
            return WebhookView.From(endpoint);
        }, ct);
}
