using ModelHub.Core.Audit;

namespace ModelHub.Core.Webhooks;

/// <summary>What the audit log keeps of an endpoint: everything but the secret.</summary>
internal static class WebhookAudit
{
    public static string? State(WebhookEndpoint e) =>
        AuditRecord.ToJson(new { url = e.Url, events = e.EventList, enabled = e.Enabled, format = WebhookView.FormatName(e.Format) });
}
