namespace ModelHub.Core.Webhooks;

/// <summary>One row of the outbox: something happened, written in the same transaction as the change itself.</summary>
public sealed class WebhookEvent
{
    /// <summary>Version-7 GUID, so ids sort by time; sent as the payload's <c>id</c>.</summary>
    public Guid Id { get; set; }

    /// <summary>A type from <see cref="WebhookEventTypes"/>.</summary>
    public required string Type { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The payload's <c>data</c> object as JSON; never a secret.</summary>
    public required string Data { get; set; }

    /// <summary>When the dispatcher created a delivery for each subscribed endpoint; null while it has not.</summary>
    public DateTimeOffset? FannedOutAt { get; set; }
}
