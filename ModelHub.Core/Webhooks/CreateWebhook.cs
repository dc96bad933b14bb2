using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;

namespace ModelHub.Core.Webhooks;

/// <summary>Registers a webhook endpoint; its secret is stored protected and never shown again.</summary>
public sealed class CreateWebhook(AuditLog audit, IWebhookSecretProtector secrets, IOptionsMonitor<WebhookOptions> options, TimeProvider time)
{
    public async Task<Result<WebhookView>> CreateAsync(WebhookInput input, Actor actor, CancellationToken ct = default)
    {
        var checkedInput = await input.CheckAsync(secretRequired: true, options.CurrentValue.AllowPrivateTargets, ct);
        if (!checkedInput.Succeeded)
        {
            return checkedInput.Error!;
        }

        var w = checkedInput.Value;

        return await audit.WriteAsync<Result<WebhookView>>(async (db, trail) =>
        {
            var now = time.GetUtcNow();
            var endpoint = new WebhookEndpoint
            {
                Url = w.Url.AbsoluteUri,
                ProtectedSecret = secrets.Protect(w.Secret!),
                SecretHint = CheckedWebhook.Hint(w.Secret!),
                Events = w.EventsText,
                Enabled = w.Enabled,
                Format = w.Format,
                CreatedById = actor.Id ?? actor.Name,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, AuditActions.WebhookCreated, AuditObjects.Webhook, endpoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), endpoint.Url)
            {
                After = WebhookAudit.State(endpoint),
            });
            return WebhookView.From(endpoint);
        }, ct);
    }
}
