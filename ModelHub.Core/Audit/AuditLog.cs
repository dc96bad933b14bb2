using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Webhooks;

namespace ModelHub.Core.Audit;

/// <summary>Collects the audit records of one change; <see cref="AuditLog"/> chains and saves them with the change.</summary>
public sealed class AuditTrail
{
    private readonly List<AuditRecord> records = [];
    private readonly List<(string Type, object Data)> events = [];

    internal IReadOnlyList<AuditRecord> Records => records;

    internal IReadOnlyList<(string Type, object Data)> Events => events;

    /// <summary>Records one change of state; call it only once the change has succeeded.</summary>
    public void Add(AuditRecord record) => records.Add(record);

    /// <summary>True once the change said that what it wrote stands even though it returns an error.</summary>
    internal bool KeepsWritesOnError { get; private set; }

    /// <summary>
    /// Commits what the change wrote even though it returns an error: for a refusal that is itself a finding worth
    /// keeping (a promotion request found stale is marked Stale). Without it, a failed change commits nothing.
    /// </summary>
    public void KeepWritesOnError() => KeepsWritesOnError = true;

    /// <summary>
    /// Emits a webhook event that has no audit record of its own (audited actions that are events emit theirs already);
    /// it commits with the change, or not at all.
    /// </summary>
    public void Emit(string webhookEventType, object data) => events.Add((webhookEventType, data));
}

/// <summary>
/// Appends hash-chained entries in the same transaction as the change they describe, so a change is never
/// committed without its entry, and an entry never without its change.
/// </summary>
/// <remarks>
/// Chaining needs the tail (last sequence and hash) to stay put from reading it until the commit. In-process, one
/// semaphore serialises writers: simple, and audited changes are short. Across processes the provider's
/// <see cref="IAuditAppendLock"/> serialises them in the database: on PostgreSQL an advisory lock taken at the start of
/// the transaction, under which the tail is read each time (in the same round trip) and the change, its entries and their
/// webhook events are saved in one batch. On SQLite the immediate transaction holds the write lock
/// already; the tail this process committed last is kept in memory, so a write does not read it back, and should
/// another process share the file, the unique <see cref="AuditEntry.Sequence"/> index refuses a second entry at the same
/// place; the loser reads the real tail, re-chains once and saves again.
/// </remarks>
public sealed class AuditLog(IDbContextFactory<ModelHubDbContext> dbFactory, TimeProvider time, WebhookOutbox outbox, IAuditAppendLock appendLock)
{
    /// <summary>The meter that reports how long audited writes wait for and hold the writer lock (this process's and the database's).</summary>
    public const string MeterName = "ModelHub.Audit";

    // Waits and holds run from microseconds (no contention) to seconds (a queue of writers behind a slow fsync).
    private static readonly InstrumentAdvice<double> LockBuckets = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> Waited = Meter.CreateHistogram(
        "modelhub.audit.lock.wait", "s", "Time an audited write waited for the writer lock.", tags: null, advice: LockBuckets);
    private static readonly Histogram<double> Held = Meter.CreateHistogram(
        "modelhub.audit.lock.hold", "s", "Time an audited write held the writer lock: its transaction from begin to commit.", tags: null, advice: LockBuckets);

    private readonly SemaphoreSlim appending = new(1, 1);

    // Guarded by `appending`: the tail as of this process's last commit, or null when it must be read.
    private AuditTail? committedTail;

    /// <summary>
    /// Runs <paramref name="change"/> on a new context and commits it with the records it added to the trail; when it
    /// returns a failed <see cref="Result{T}"/>, nothing it wrote is committed.
    /// </summary>
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
        // Opened before queueing for the lock, so the pool and per-connection set-up are not paid while holding it.
        var opened = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        await db.Database.OpenConnectionAsync(ct);
        var started = Stopwatch.GetTimestamp();
        await appending.WaitAsync(ct);
        var acquired = Stopwatch.GetTimestamp();
        try
        {
            var tail = appendLock.TailStaysWithThisProcess ? committedTail : null;
            committedTail = null;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            tail ??= await appendLock.AcquireAsync(db, ct);
            // The wait ends once no other writer, in this process or another, can append: the hold starts there.
            acquired = Stopwatch.GetTimestamp();
            Waited.Record(Stopwatch.GetElapsedTime(started, acquired).TotalSeconds);
            var trail = new AuditTrail();
            var result = await change(trail);
            if (result is IOutcome { Error: not null } && !trail.KeepsWritesOnError)
            {
                // A change that failed half way may already have saved through this context (Identity's stores do):
                // none of it may commit, and what is still pending must not ride along with a later save.
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                committedTail = tail;
                return result;
            }

            var entries = await AppendAsync(db, trail.Records, tail, ct);
            var emitted = appendLock.TailStaysWithThisProcess
                ? await SaveRechainingOnConflictAsync(db, entries, trail.Events, ct)
                : await SaveOnceAsync(db, entries, trail.Events, ct);
            await transaction.CommitAsync(ct);
            committedTail = entries.Count > 0 ? new AuditTail(entries[^1].Sequence, entries[^1].Hash) : tail;
            if (emitted)
            {
                outbox.Signal();
            }

            return result;
        }
        finally
        {
            var held = Stopwatch.GetElapsedTime(acquired);
            appending.Release();
            Held.Record(held.TotalSeconds);
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// Saves the change, its entries and their webhook events when another process may share the file: a unique-index
    /// conflict on the sequence means another process took our place in the chain, so re-chain and save once more.
    /// </summary>
    private async Task<bool> SaveRechainingOnConflictAsync(ModelHubDbContext db, List<AuditEntry> entries, IReadOnlyList<(string Type, object Data)> events, CancellationToken ct)
    {
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

            // EF kept the changes pending (its savepoint undid the failed batch): re-chain and retry once.
            Rechain(entries, await TailAsync(db, ct));
            await db.SaveChangesAsync(ct);
        }

        // After the entries saved, so their sequence is final; still inside the transaction, so a rollback takes the events too.
        var emitted = AddWebhookEvents(db, entries, events);
        if (emitted)
        {
            await db.SaveChangesAsync(ct);
        }

        return emitted;
    }

    /// <summary>
    /// Saves the change, its entries and their webhook events in one batch when the tail was read under the database's
    /// lock: nobody can take our place in the chain, so the sequences are final before the save. Without EF's savepoint
    /// around the batch (two more round trips, each paid while every other writer waits for the lock): should the save
    /// fail, the whole transaction is abandoned anyway.
    /// </summary>
    private async Task<bool> SaveOnceAsync(ModelHubDbContext db, List<AuditEntry> entries, IReadOnlyList<(string Type, object Data)> events, CancellationToken ct)
    {
        var emitted = AddWebhookEvents(db, entries, events);
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }

        return emitted;
    }

    private async Task<List<AuditEntry>> AppendAsync(ModelHubDbContext db, IReadOnlyList<AuditRecord> records, AuditTail? tail, CancellationToken ct)
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
                ActorName = r.Actor.AuditName,
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

        Rechain(entries, tail ?? await TailAsync(db, ct));
        db.AuditEntries.AddRange(entries);
        return entries;
    }

    private bool AddWebhookEvents(ModelHubDbContext db, List<AuditEntry> entries, IReadOnlyList<(string Type, object Data)> events)
    {
        var emitted = false;
        foreach (var entry in entries)
        {
            emitted |= WebhookOutbox.AddFor(db, entry);
        }

        foreach (var (type, data) in events)
        {
            WebhookOutbox.Add(db, type, time.GetUtcNow(), data);
            emitted = true;
        }

        return emitted;
    }

    private static void Rechain(List<AuditEntry> entries, AuditTail tail)
    {
        var (sequence, hash) = tail;
        foreach (var entry in entries)
        {
            entry.Sequence = ++sequence;
            entry.PreviousHash = hash;
            entry.Hash = hash = AuditHash.Compute(entry);
        }
    }

    private static async Task<bool> TailMovedAsync(ModelHubDbContext db, AuditEntry first, CancellationToken ct) =>
        (await TailAsync(db, ct)).Sequence != first.Sequence - 1;

    private static async Task<AuditTail> TailAsync(ModelHubDbContext db, CancellationToken ct)
    {
        var tail = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        return tail is null ? AuditTail.Empty : new AuditTail(tail.Sequence, tail.Hash);
    }
}
