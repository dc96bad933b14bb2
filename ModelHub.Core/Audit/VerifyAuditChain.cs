using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Audit;

/// <summary>The first entry where the chain does not hold.</summary>
/// <param name="Reason">"hash mismatch", "broken link" or "sequence gap".</param>
public sealed record BrokenAuditEntry(long Sequence, Guid Id, DateTimeOffset At, string Reason);

/// <summary>The outcome of checking the whole chain.</summary>
public sealed record AuditVerification(bool Ok, long CheckedCount, BrokenAuditEntry? FirstBroken);

/// <summary>Recomputes every entry's hash and link, oldest first; reads only, so it is not audited itself.</summary>
public sealed class VerifyAuditChain(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    public const string HashMismatch = "hash mismatch";
    public const string BrokenLink = "broken link";
    public const string SequenceGap = "sequence gap";

    private const int BatchSize = 500;

    public async Task<AuditVerification> ExecuteAsync(CancellationToken ct = default)
    {
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
                    : null;
                if (reason is not null)
                {
                    return new AuditVerification(false, checkedCount, new BrokenAuditEntry(entry.Sequence, entry.Id, entry.At, reason));
                }

                checkedCount++;
                expected++;
                previousHash = entry.Hash;
            }

            if (batch.Count < BatchSize)
            {
                return new AuditVerification(true, checkedCount, null);
            }
        }
    }
}
