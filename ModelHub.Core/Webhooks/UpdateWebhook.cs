using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;

namespace ModelHub.Core.Webhooks;

/// <summary>Changes an endpoint's URL, events, format or state, and its secret when a new one is given.</summary>
public sealed class UpdateWebhook(AuditLog audit, IWebhookSecretProtector secrets, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    public async Task<Result<WebhookView>> UpdateAsync(int id, WebhookInput input, Actor actor, CancellationToken ct = default)
    {
        var checkedInput = await input.CheckAsync(secretRequired: false, options.CurrentValue.AllowPrivateTargets, ct);
        if (!checkedInput.Succeeded)
        {
            return checkedInput.Error!;
        }

        var w = checkedInput.Value;

        return await audit.WriteAsync<Result<WebhookView>>(async (db, trail) =>
        {
            var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
            if (endpoint is null)
            {
                return Error.NotFound($"Webhook {id}");
            }

            var before = WebhookAudit.State(endpoint);
            endpoint.Url = w.Url.AbsoluteUri;
            endpoint.Events = w.EventsText;
            endpoint.Enabled = w.Enabled;
            endpoint.Format = w.Format;
            if (w.Secret is not null)
            {
                endpoint.ProtectedSecret = secrets.Protect(w.Secret);
                endpoint.SecretHint = CheckedWebhook.Hint(w.Secret);
            }

            endpoint.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, AuditActions.WebhookUpdated, AuditObjects.Webhook, id.ToString(CultureInfo.InvariantCulture), endpoint.Url)
            {
                Before = before,
                After = WebhookAudit.State(endpoint),
                Reason = w.Secret is null ? null : "Secret replaced",
            });
            return WebhookView.From(endpoint);
        }, ct);
    }
}
