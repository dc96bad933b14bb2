namespace ModelHub.Core.Audit;

/// <summary>One append-only line of the audit log, chained to the line before it by <see cref="PreviousHash"/>.</summary>
public sealed class AuditEntry
{
    /// <summary>Assigned before hashing (not by the database), so the hash can cover it.</summary>
    public Guid Id { get; set; }

    /// <summary>1, 2, 3, … without gaps; unique, so two writers cannot both take the same place in the chain.</summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The acting user's id; null when ModelHub itself acted.</summary>
    public string? ActorId { get; set; }

    /// <summary>The acting user's e-mail at the time, or "system".</summary>
    public required string ActorName { get; set; }

    /// <summary>A stable dotted code from <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    public required string ObjectType { get; set; }

    public required string ObjectId { get; set; }

    /// <summary>The object's name at the time, for people reading the log.</summary>
    public string? ObjectName { get; set; }

    /// <summary>Small JSON of the relevant state before the change; null when there was none.</summary>
    public string? Before { get; set; }

    /// <summary>Small JSON of the relevant state after the change; null when there is none.</summary>
    public string? After { get; set; }

    public string? Reason { get; set; }

    /// <summary>The <see cref="Hash"/> of the entry with the previous sequence; <see cref="AuditHash.Genesis"/> for the first.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>Lower-hex SHA-256 of <see cref="AuditHash.Canonical"/>.</summary>
    public required string Hash { get; set; }
}
