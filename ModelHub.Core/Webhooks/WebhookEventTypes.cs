using ModelHub.Core.Audit;

namespace ModelHub.Core.Webhooks;

/// <summary>The event types a webhook endpoint can subscribe to; receivers branch on them, so they never change.</summary>
public static class WebhookEventTypes
{
    public const string DatasetUploaded = "dataset.uploaded";
    public const string JobSucceeded = "job.succeeded";
    public const string JobFailed = "job.failed";
    public const string JobCancelled = "job.cancelled";
    public const string VersionRegistered = "version.registered";
    public const string GateRunFinished = "gate-run.finished";
    public const string PromotionRequested = "promotion.requested";
    public const string PromotionApproved = "promotion.approved";
    public const string PromotionRejected = "promotion.rejected";
    public const string PromotionStale = "promotion.stale";
    public const string VersionPromoted = "version.promoted";
    public const string Rollback = "rollback";
    public const string AliasSet = "alias.set";
    public const string BudgetThreshold = "budget.threshold";

    /// <summary>Every type, in the order pickers show them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        DatasetUploaded, JobSucceeded, JobFailed, JobCancelled, VersionRegistered, GateRunFinished, PromotionRequested,
        PromotionApproved, PromotionRejected, PromotionStale, VersionPromoted, Rollback, AliasSet, BudgetThreshold,
    ];

    // Audit actions whose entry is itself the event: the outbox row is written by AuditLog in the change's transaction.
    // The audit code for budgets belongs to the gateway; it is spelled here so the event exists before the code does.
    private static readonly HashSet<string> Audited = new(StringComparer.Ordinal)
    {
        AuditActions.DatasetUploaded, AuditActions.VersionRegistered, AuditActions.GateRunFinished, AuditActions.PromotionRequested,
        AuditActions.PromotionApproved, AuditActions.PromotionRejected, AuditActions.VersionPromoted, AuditActions.Rollback,
        AuditActions.AliasSet, BudgetThreshold,
    };

    /// <summary>True when <paramref name="type"/> is a known event type (case-sensitive, as sent).</summary>
    public static bool IsKnown(string type) => All.Contains(type, StringComparer.Ordinal);

    /// <summary>The event an audit action stands for, or null when the action is not an event.</summary>
    public static string? ForAuditAction(string action) => Audited.Contains(action) ? action : null;
}
