namespace ModelHub.Core.Gateway;

/// <summary>The gateway's audit action codes (stable: filters and exports rely on them).</summary>
public static class GatewayAuditActions
{
    public const string CanaryStarted = "canary.started";
    public const string CanaryChanged = "canary.changed";
    public const string CanaryEnded = "canary.ended";

    /// <summary>A model's monthly budget was set or changed.</summary>
    public const string BudgetSet = "budget.set";

    /// <summary>A model's monthly budget was removed.</summary>
    public const string BudgetCleared = "budget.cleared";

    /// <summary>A model's monthly spend crossed 80 % or 100 % of its budget (once per month and threshold).</summary>
    public const string BudgetThreshold = "budget.threshold";
}
