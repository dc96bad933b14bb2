using ModelHub.Core.Data;

namespace ModelHub.Core.Audit;

/// <summary>
/// Serialises audited writes across every process that writes the database, inside the audited transaction, so the
/// audit chain stays one linear chain. Each database provider brings its own (Data/Providers).
/// </summary>
public interface IAuditAppendLock
{
    /// <summary>
    /// True when the tail this process committed last is still the tail at its next write, unless a unique-index
    /// conflict says otherwise; false when the tail is read from the database under the lock every time, so that no
    /// other writer can move it before the commit.
    /// </summary>
    bool TailStaysWithThisProcess { get; }

    /// <summary>
    /// Takes the lock in the transaction open on <paramref name="db"/>; it is released when that transaction ends.
    /// Returns the chain's tail when the provider read it under the lock in the same round trip, or null.
    /// </summary>
    Task<AuditTail?> AcquireAsync(ModelHubDbContext db, CancellationToken ct);
}

/// <summary>The last entry of the audit chain: its sequence and hash (sequence 0 and the genesis hash when empty).</summary>
public readonly record struct AuditTail(long Sequence, string Hash)
{
    /// <summary>The tail of an empty chain.</summary>
    public static AuditTail Empty => new(0, AuditHash.Genesis);
}
