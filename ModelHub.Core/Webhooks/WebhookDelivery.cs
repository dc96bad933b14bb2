namespace ModelHub.Core.Webhooks;

/// <summary>One event on its way to one endpoint: its attempts so far and what the receiver last answered.</summary>
public sealed class WebhookDelivery
{
    /// <summary>Sent as <c>X-ModelHub-Delivery</c>: the same on every attempt and redelivery, so receivers can dedupe.</summary>
    public Guid Id { get; set; }

    public int EndpointId { get; set; }

    public Guid EventId { get; set; }

    public WebhookEvent? Event { get; set; }

    public WebhookDeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the next attempt is due; meaningful while <see cref="WebhookDeliveryStatus.Pending"/>.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>After this, a failed attempt marks the delivery failed instead of scheduling another.</summary>
    public DateTimeOffset GiveUpAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>The HTTP status of the last answer; null when there was none (refused, timed out, unreachable).</summary>
    public int? ResponseCode { get; set; }

    /// <summary>How long the last attempt took, in milliseconds.</summary>
    public int? DurationMs { get; set; }

    /// <summary>Why the last attempt failed, in a few words; null after a success.</summary>
    public string? LastError { get; set; }
}

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryStatus
{
    Pending,
    Succeeded,
    Failed,
}
