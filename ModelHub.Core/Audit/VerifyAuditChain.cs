using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Audit;

/// <summary>The first entry where the chain does not hold.</summary>
/// <param name="Reason">"hash mismatch", "broken link", "sequence gap" or "anchor mismatch".</param>
public sealed record BrokenAuditEntry(long Sequence, Guid Id, DateTimeOffset At, string Reason);

/// <summary>The outcome of checking the whole chain.</summary>
public sealed record AuditVerification(bool Ok, long CheckedCount, BrokenAuditEntry? FirstBroken)
{
    /// <summary>True when the database ends before the highest head in the anchor file: the newest entries were removed.</summary>
    public bool Truncated { get; init; }

    /// <summary>The highest head in the anchor file before this verification, if any.</summary>
    public AuditAnchorMark? LastAnchor { get; init; }
}

/// <summary>
/// Recomputes every entry's hash and link, oldest first, and compares the chain with the anchor file; reads only (so
/// it is not audited itself), apart from anchoring the head it verified.
/// </summary>
public sealed class VerifyAuditChain(IDbContextFactory<ModelHubDbContext> dbFactory, AuditAnchor anchor)
{
    public const string HashMismatch = "hash mismatch";
    public const string BrokenLink = "broken link";
    public const string SequenceGap = "sequence gap";
    public const string AnchorMismatch = "anchor mismatch";

    private const int BatchSize = 500;

    public async Task<AuditVerification> ExecuteAsync(CancellationToken ct = default)
    {
        // Read before the chain, so every anchored head is one the walk below can reach.
        var marks = await anchor.ReadAsync(ct);
        var anchored = marks.ToLookup(m => m.Sequence, m => m.Hash);
        var lastAnchor = marks.MaxBy(m => m.Sequence);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        long expected = 1;
        var previousHash = AuditHash.Genesis;
        long checkedCount = 0;
        while (true)
        {
            // Keyset batches keep memory flat however long the log grows.
            var after = expected - 1;
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(BatchSize)
                .ToListAsync(ct);
            foreach (var entry in batch)
            {
                var reason = entry.Sequence != expected ? SequenceGap
                    : AuditHash.Compute(entry) != entry.Hash ? HashMismatch
                    : entry.PreviousHash != previousHash ? BrokenLink
                    : anchored[entry.Sequence].Any(hash => hash != entry.Hash) ? AnchorMismatch
                    : null;
                if (reason is not null)
                {
                    var end = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, ct) ?? 0;
                    return new AuditVerification(false, checkedCount, new BrokenAuditEntry(entry.Sequence, entry.Id, entry.At, reason))
                    {
                        Truncated = end < lastAnchor?.Sequence,
                        LastAnchor = lastAnchor,
                    };
                }

                checkedCount++;
                expected++;
                previousHash = entry.Hash;
            }

            if (batch.Count < BatchSize)
            {
                var truncated = checkedCount < lastAnchor?.Sequence;
                if (!truncated && checkedCount > 0)
                {
                    await anchor.AppendAsync(checkedCount, previousHash, onlyIfMoved: false, ct);
                }

                return new AuditVerification(!truncated, checkedCount, null) { Truncated = truncated, LastAnchor = lastAnchor };
            }
        }
    }
}
