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

    /// <summary>Every code known to this version, for pickers.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        DatasetArchived, DatasetUploaded, SettingsChanged, TokenIssued, TokenRevoked,
        UserCreated, UserDisabled, UserEnabled, UserPasswordReset, UserRolesChanged,
    ];
}

/// <summary>The object types entries refer to.</summary>
public static class AuditObjects
{
    public const string User = "user";
    public const string Token = "token";
    public const string Dataset = "dataset";
    public const string Settings = "settings";
}
