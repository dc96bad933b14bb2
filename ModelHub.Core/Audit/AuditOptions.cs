namespace ModelHub.Core.Audit;

/// <summary>Audit settings bound from <c>ModelHub:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "ModelHub:Audit";

    /// <summary>
    /// The anchor file; relative paths resolve against the data folder (default <c>audit-anchor.log</c> there). Put it
    /// on other storage than the database so that whoever can rewrite one cannot silently rewrite both.
    /// </summary>
    public string AnchorPath { get; set; } = "audit-anchor.log";

    /// <summary>How often the chain head is anchored while the app runs, in seconds (default 300).</summary>
    public int AnchorIntervalSeconds { get; set; } = 300;
}
