namespace ModelHub.Core.Audit;

/// <summary>The stable action codes written to the audit log; filters and exports rely on them never changing.</summary>
public static class AuditActions
{
    public const string UserCreated = "user.created";
    public const string UserRolesChanged = "user.roles-changed";
    public const string UserPasswordReset = "user.password-reset";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string TokenIssued = "token.issued";
    public const string TokenRevoked = "token.revoked";
    public const string DatasetUploaded = "dataset.uploaded";
    public const string DatasetArchived = "dataset.archived";
    public const string SettingsChanged = "settings.changed";
    public const string JobLaunched = "job.launched";
    public const string JobCancelRequested = "job.cancel-requested";
    public const string JobCancelledByProvider = "job.cancelled-by-provider";
    public const string ModelCreated = "model.created";
    public const string VersionRegistered = "version.registered";
    public const string VersionStaged = "version.staged";
    public const string VersionArchived = "version.archived";
    public const string VersionUnstaged = "version.unstaged";
    public const string PromotionRequested = "promotion.requested";
    public const string PromotionApproved = "promotion.approved";
    public const string PromotionRejected = "promotion.rejected";
    public const string PromotionWithdrawn = "promotion.withdrawn";
    public const string VersionPromoted = "version.promoted";
    public const string Rollback = "rollback";
    public const string AliasSet = "alias.set";
    public const string AliasRemoved = "alias.removed";
    public const string GateConfigured = "gate.configured";
    public const string GateRunStarted = "gate-run.started";
    public const string GateRunFinished = "gate-run.finished";
    public const string BackupCreated = "backup.created";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookRedelivered = "webhook.redelivered";

    /// <summary>Every code known to this version, for pickers.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        DatasetArchived, DatasetUploaded, JobCancelRequested, JobLaunched, ModelCreated, SettingsChanged, TokenIssued,
        TokenRevoked, UserCreated, UserDisabled, UserEnabled, UserPasswordReset, UserRolesChanged, VersionRegistered,
        VersionStaged, VersionArchived, VersionUnstaged, PromotionRequested, PromotionApproved, PromotionRejected, PromotionWithdrawn,
        VersionPromoted, Rollback, AliasSet, AliasRemoved, GateConfigured, GateRunStarted, GateRunFinished,
        JobCancelledByProvider,
        BackupCreated,
        WebhookCreated, WebhookUpdated, WebhookDeleted, WebhookRedelivered,
    ];
}

/// <summary>The object types entries refer to.</summary>
public static class AuditObjects
{
    public const string User = "user";
    public const string Token = "token";
    public const string Dataset = "dataset";
    public const string Settings = "settings";
    public const string Job = "job";
    public const string Model = "model";
    public const string Version = "version";
    public const string Promotion = "promotion";
    public const string Alias = "alias";
    public const string Gate = "gate";
    public const string GateRun = "gate-run";
    public const string Backup = "backup";
    public const string Webhook = "webhook";
}
