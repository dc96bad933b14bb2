namespace ModelHub.Core.Webhooks;

/// <summary>A receiver an Admin registered: where to post, how to sign, which events it wants.</summary>
public sealed class WebhookEndpoint
{
    public int Id { get; set; }

    public required string Url { get; set; }

    /// <summary>The signing secret as <see cref="IWebhookSecretProtector"/> protected it; never the plain secret.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The secret's last characters, so people can tell secrets apart without seeing them.</summary>
    public required string SecretHint { get; set; }

    /// <summary>Subscribed event types, comma-separated.</summary>
    public required string Events { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Post a Slack-compatible <c>{"text": …}</c> body instead of the event envelope.</summary>
    public WebhookFormat Format { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The subscribed types as a list.</summary>
    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when this endpoint wants events of <paramref name="type"/>.</summary>
    public bool Wants(string type) => EventList.Contains(type, StringComparer.Ordinal);
}

/// <summary>The body an endpoint receives.</summary>
public enum WebhookFormat
{
    /// <summary><c>{id, type, occurredAt, data}</c>.</summary>
    Event,

    /// <summary><c>{"text": …}</c>, which Slack's incoming webhooks (and compatible chat tools) accept.</summary>
    Slack,
}
