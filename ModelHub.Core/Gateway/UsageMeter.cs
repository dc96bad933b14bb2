using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Data;

namespace ModelHub.Core.Gateway;

/// <summary>
/// Takes a <see cref="UsageRecord"/> per gateway request without touching the database, and writes them summed per
/// minute in one transaction per flush (<see cref="UsageFlusher"/> flushes every second).
/// </summary>
/// <remarks>
/// What a crash can lose: the records taken since the last committed flush — at most about one second of traffic (plus
/// a batch whose write failed and waits for its retry). A graceful stop flushes what is left. Records are never dropped
/// while the process lives: a full buffer makes the request wait, and a failed write keeps its batch for the next flush.
/// </remarks>
public sealed class UsageMeter(IDbContextFactory<ModelHubDbContext> dbFactory, ILogger<UsageMeter> logger)
{
    // Bounded so a database that stops accepting writes cannot eat the memory; a full buffer slows callers instead.
    private readonly Channel<UsageRecord> records = Channel.CreateBounded<UsageRecord>(
        new BoundedChannelOptions(200_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly SemaphoreSlim flushing = new(1, 1);

    // Guarded by `flushing`: sums taken from the channel but not committed yet.
    private readonly Dictionary<UsageKey, UsageSum> pending = [];

    private long recorded;
    private long stored;

    /// <summary>Requests recorded since start.</summary>
    public long Recorded => Interlocked.Read(ref recorded);

    /// <summary>Requests committed to the database since start.</summary>
    public long Stored => Interlocked.Read(ref stored);

    /// <summary>Raised after a flush commits, with the records it wrote (for live panels).</summary>
    public event Action<IReadOnlyList<UsageRecord>>? Flushed;

    public ValueTask RecordAsync(UsageRecord record)
    {
        Interlocked.Increment(ref recorded);
        return records.Writer.TryWrite(record) ? ValueTask.CompletedTask : records.Writer.WriteAsync(record);
    }

    /// <summary>Writes everything recorded so far (and any batch a failed flush kept) in one transaction.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await flushing.WaitAsync(ct);
        try
        {
            var taken = new List<UsageRecord>();
            while (records.Reader.TryRead(out var record))
            {
                taken.Add(record);
                var key = UsageKey.Of(record);
                if (!pending.TryGetValue(key, out var sum))
                {
                    pending[key] = sum = new UsageSum();
                }

                sum.Add(record);
            }

            if (pending.Count == 0)
            {
                return;
            }

            try
            {
                await WriteAsync(ct);
            }
            catch (Exception failure) when (failure is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // Kept in `pending` for the next flush: a busy or briefly unavailable database must not lose counts.
                logger.LogWarning(failure, "Writing {Count} usage summaries failed; they are kept for the next flush.", pending.Count);
                return;
            }

            var calls = pending.Values.Sum(s => s.Calls);
            pending.Clear();
            Interlocked.Add(ref stored, calls);
            if (taken.Count > 0)
            {
                Flushed?.Invoke(taken);
            }
        }
        finally
        {
            flushing.Release();
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var minute in pending.GroupBy(p => p.Key.Minute))
        {
            var existing = await db.UsageMinutes.Where(u => u.Minute == minute.Key).ToListAsync(ct);
            var byKey = existing.ToDictionary(UsageKey.Of);
            foreach (var (key, sum) in minute)
            {
                if (!byKey.TryGetValue(key, out var row))
                {
                    row = key.NewRow();
                    db.UsageMinutes.Add(row);
                }

                sum.AddTo(row);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private readonly record struct UsageKey(DateTimeOffset Minute, string Model, int Version, string Alias, bool Canary, string CallerId, int TokenId, int Status)
    {
        public static UsageKey Of(UsageRecord r) =>
            new(Truncate(r.At), r.Model, r.Version, r.Alias, r.Canary, r.CallerId, r.TokenId, r.Status);

        public static UsageKey Of(UsageMinute m) =>
            new(m.Minute, m.Model, m.Version, m.Alias, m.Canary, m.CallerId, m.TokenId, m.Status);

        public UsageMinute NewRow() => new()
        {
            Minute = Minute,
            Model = Model,
            Version = Version,
            Alias = Alias,
            Canary = Canary,
            CallerId = CallerId,
            TokenId = TokenId,
            Status = Status,
            LatencyBuckets = "",
        };

        private static DateTimeOffset Truncate(DateTimeOffset at)
        {
            var utc = at.ToUniversalTime();
            return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        }
    }

    private sealed class UsageSum
    {
        private readonly LatencyHistogram latency = new();

        public long Calls { get; private set; }

        private long inputTokens;
        private long outputTokens;
        private double latencyMs;
        private double timeToFirstTokenMs;

        public void Add(UsageRecord record)
        {
            Calls++;
            inputTokens += record.InputTokens;
            outputTokens += record.OutputTokens;
            latencyMs += record.LatencyMs;
            timeToFirstTokenMs += record.TimeToFirstTokenMs;
            latency.Add(record.LatencyMs);
        }

        public void AddTo(UsageMinute row)
        {
            row.Calls += Calls;
            row.InputTokens += inputTokens;
            row.OutputTokens += outputTokens;
            row.LatencyMsTotal += latencyMs;
            row.TimeToFirstTokenMsTotal += timeToFirstTokenMs;
            var merged = new LatencyHistogram();
            merged.Add(row.LatencyBuckets);
            merged.Add(latency.ToString());
            row.LatencyBuckets = merged.ToString();
        }
    }
}
