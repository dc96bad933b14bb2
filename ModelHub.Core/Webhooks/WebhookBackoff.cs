namespace ModelHub.Core.Webhooks;

/// <summary>When to try a failed delivery again: doubling waits, capped, with jitter so many receivers that failed together do not all retry at once.</summary>
public static class WebhookBackoff
{
    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt; <paramref name="jitter"/> in [0, 1) spreads it by ±20 %.</summary>
    public static TimeSpan After(int attempts, WebhookOptions options, double jitter)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var ticks = Math.Min(options.FirstRetryDelay.Ticks * Math.Pow(2, doublings), options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.8 + (0.4 * jitter))));
    }
}
