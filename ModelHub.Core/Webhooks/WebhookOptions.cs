namespace ModelHub.Core.Webhooks;

/// <summary>Webhook delivery settings (<c>ModelHub:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "ModelHub:Webhooks";

    /// <summary>Allows loopback, link-local and private targets; for tests and closed networks only.</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one attempt may take, connect to last byte.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long after the event a delivery keeps being retried before it is marked failed.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The wait after the first failed attempt; each further failure doubles it (with jitter).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the dispatcher looks for work nobody signalled (another process's events, a missed wake-up).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many deliveries one dispatcher pass sends at once.</summary>
    public int Concurrency { get; set; } = 8;
}
