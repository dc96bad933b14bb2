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
    /// conflict says otherwise; false when the tail must be read from the database under the lock every time.
    /// </summary>
    bool TailStaysWithThisProcess { get; }

    /// <summary>Takes the lock in the transaction open on <paramref name="db"/>; it is released when that transaction ends.</summary>
    Task AcquireAsync(ModelHubDbContext db, CancellationToken ct);
}
