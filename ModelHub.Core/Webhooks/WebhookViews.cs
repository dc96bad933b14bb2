namespace ModelHub.Core.Webhooks;

/// <summary>An endpoint as pages and the API show it: the secret only as a masked hint.</summary>
public sealed record WebhookView(
    int Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    string Format,
    string Secret,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    internal static WebhookView From(WebhookEndpoint e) => new(
        e.Id, e.Url, e.EventList, e.Enabled, FormatName(e.Format), "••••••••" + e.SecretHint.TrimStart('…'), e.CreatedAt, e.UpdatedAt);

    internal static string FormatName(WebhookFormat format) => format == WebhookFormat.Slack ? "slack" : "event";
}

/// <summary>One line of an endpoint's delivery log.</summary>
public sealed record WebhookDeliveryView(
    Guid Id,
    Guid EventId,
    string EventType,
    DateTimeOffset OccurredAt,
    string Status,
    int Attempts,
    int? ResponseCode,
    int? DurationMs,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    string? LastError)
{
    internal static string StatusName(WebhookDeliveryStatus status) => status.ToString().ToLowerInvariant();
}
