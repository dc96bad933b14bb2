namespace ModelHub.Core.Gateway;

/// <summary>Calls, errors, latency percentiles, tokens and cost of a set of gateway calls.</summary>
public sealed record UsageStats(long Calls, long Errors, double? P50Ms, double? P95Ms, long InputTokens, long OutputTokens, decimal CostUsd)
{
    public static readonly UsageStats Empty = new(0, 0, null, null, 0, 0, 0m);

    /// <summary>Share of calls that failed (0–1); 0 with no calls.</summary>
    public double ErrorRate => Calls == 0 ? 0 : (double)Errors / Calls;

    /// <summary>Failed calls: what ModelHub or the provider refused or could not answer, not callers that went away.</summary>
    public static bool IsError(int status) => status >= 400 && status != 499;
}

/// <summary>Production and canary side by side, while a canary runs.</summary>
public sealed record CanaryComparison(CanarySplit Split, UsageStats Production, UsageStats Canary);
