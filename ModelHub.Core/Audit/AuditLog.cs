using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Audit;

/// <summary>Collects the audit records of one change; <see cref="AuditLog"/> chains and saves them with the change.</summary>
public sealed class AuditTrail
{
    private readonly List<AuditRecord> records = [];

    internal IReadOnlyList<AuditRecord> Records => records;

    /// <summary>Records one change of state; call it only once the change has succeeded.</summary>
    public void Add(AuditRecord record) => records.Add(record);
}

/// <summary>
/// Appends hash-chained entries in the same transaction as the change they describe, so a change is never
/// committed without its entry, and an entry never without its change.
/// </summary>
/// <remarks>
/// Chaining needs the tail (last sequence and hash) to stay put from reading it until the commit. In-process, one
/// semaphore serialises writers: simple, and audited changes are rare and short. Across processes the unique
/// <see cref="AuditEntry.Sequence"/> index refuses a second entry at the same place; the loser re-chains once
/// against the new tail and saves again (SQLite's immediate transactions make even that rare).
/// </remarks>
public sealed class AuditLog(IDbContextFactory<ModelHubDbContext> dbFactory, TimeProvider time)
{
    private readonly SemaphoreSlim appending = new(1, 1);

    /// <summary>Runs <paramref name="change"/> on a new context and commits it with the records it added to the trail.</summary>
    public async Task<T> WriteAsync<T>(Func<ModelHubDbContext, AuditTrail, Task<T>> change, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await WriteAsync(db, trail => change(db, trail), ct);
    }

    /// <summary>
    /// Runs <paramref name="change"/> inside a transaction on <paramref name="db"/> (which may already have saved
    /// through it, as Identity's stores do), then appends the trail's entries, saves and commits.
    /// </summary>
    public async Task<T> WriteAsync<T>(ModelHubDbContext db, Func<AuditTrail, Task<T>> change, CancellationToken ct = default)
    {
        await appending.WaitAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var trail = new AuditTrail();
            var result = await change(trail);
            var entries = await AppendAsync(db, trail.Records, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (entries.Count > 0)
            {
                if (!await TailMovedAsync(db, entries[0], ct))
                {
                    throw;
                }

                // Another process took our place in the chain; EF kept the changes pending, so re-chain and retry once.
                await RechainAsync(db, entries, ct);
                await db.SaveChangesAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            appending.Release();
        }
    }

    private async Task<List<AuditEntry>> AppendAsync(ModelHubDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct)
    {
        var entries = new List<AuditEntry>(records.Count);
        if (records.Count == 0)
        {
            return entries;
        }

        // Whole milliseconds in UTC: SQLite stores times at a coarser precision than ticks, and the hash must survive the round trip.
        var now = time.GetUtcNow().UtcTicks;
        var at = new DateTimeOffset(now - (now % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        foreach (var r in records)
        {
            entries.Add(new AuditEntry
            {
                Id = Guid.CreateVersion7(at),
                At = at,
                ActorId = r.Actor.Id,
                ActorName = r.Actor.Name,
                Action = r.Action,
                ObjectType = r.ObjectType,
                ObjectId = r.ObjectId,
                ObjectName = r.ObjectName,
                Before = r.Before,
                After = r.After,
                Reason = r.Reason,
                PreviousHash = "",
                Hash = "",
            });
        }

        await RechainAsync(db, entries, ct);
        db.AuditEntries.AddRange(entries);
        return entries;
    }

    private static async Task RechainAsync(ModelHubDbContext db, List<AuditEntry> entries, CancellationToken ct)
    {
        var (sequence, hash) = await TailAsync(db, ct);
        foreach (var entry in entries)
        {
            entry.Sequence = ++sequence;
            entry.PreviousHash = hash;
            entry.Hash = hash = AuditHash.Compute(entry);
        }
    }

    private static async Task<bool> TailMovedAsync(ModelHubDbContext db, AuditEntry first, CancellationToken ct) =>
        (await TailAsync(db, ct)).Sequence != first.Sequence - 1;

    private static async Task<(long Sequence, string Hash)> TailAsync(ModelHubDbContext db, CancellationToken ct)
    {
        var tail = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        return tail is null ? (0, AuditHash.Genesis) : (tail.Sequence, tail.Hash);
    }
}
