using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;

namespace ModelHub.Core.Audit;

/// <summary>The audit chain's head at a moment, as written to the anchor file.</summary>
/// <param name="Sequence">The last entry's sequence.</param>
/// <param name="Hash">The last entry's hash.</param>
/// <param name="At">When the head was anchored (UTC).</param>
public sealed record AuditAnchorMark(long Sequence, string Hash, DateTimeOffset At);

/// <summary>
/// An append-only file outside the database that records the chain head now and then. The chain itself shows any
/// change to an entry, but deleting the newest entries leaves a shorter chain that still holds; the anchor file
/// remembers how far the chain reached, so <see cref="VerifyAuditChain"/> can tell it was cut.
/// </summary>
public sealed class AuditAnchor(
    IOptions<AuditOptions> options, DataFolder dataFolder, IDbContextFactory<ModelHubDbContext> dbFactory, TimeProvider time, ILogger<AuditAnchor> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim appending = new(1, 1);

    // Guarded by `appending`: the highest sequence this process knows is anchored, or null before the file is read.
    private long? highestAnchored;
    private bool warnedBehind;

    /// <summary>Absolute path of the anchor file.</summary>
    public string FilePath { get; } = Path.GetFullPath(Path.Combine(dataFolder.Path, options.Value.AnchorPath));

    /// <summary>Every well-formed mark in the file, oldest first; a torn last line (a crash mid-append) is skipped.</summary>
    public async Task<IReadOnlyList<AuditAnchorMark>> ReadAsync(CancellationToken ct = default)
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        var marks = new List<AuditAnchorMark>();
        using var reader = new StreamReader(new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (Parse(line) is { } mark)
            {
                marks.Add(mark);
            }
        }

        return marks;
    }

    /// <summary>
    /// Appends the database's current head, flushed to disk, unless the chain is empty, the head is already the last
    /// one anchored (when <paramref name="onlyIfMoved"/>), or the database ends before an anchored head: writing a
    /// lower head then would hide the cut.
    /// </summary>
    /// <returns>The mark written, or null when nothing was written.</returns>
    public async Task<AuditAnchorMark?> AppendHeadAsync(bool onlyIfMoved, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash })
            .FirstOrDefaultAsync(ct);
        return head is null ? null : await AppendAsync(head.Sequence, head.Hash, onlyIfMoved, ct);
    }

    /// <summary>Appends a head already read (by a verification that just walked the chain to it); same rules as <see cref="AppendHeadAsync"/>.</summary>
    public async Task<AuditAnchorMark?> AppendAsync(long sequence, string hash, bool onlyIfMoved, CancellationToken ct = default)
    {
        await appending.WaitAsync(ct);
        try
        {
            highestAnchored ??= (await ReadAsync(ct)).Select(m => m.Sequence).DefaultIfEmpty(0).Max();
            if (sequence < highestAnchored)
            {
                if (!warnedBehind)
                {
                    warnedBehind = true;
                    logger.LogWarning("The audit log ends at entry {Sequence}, but entry {Anchored} was anchored in {Path}: the newest entries were removed. Verify the audit chain.",
                        sequence, highestAnchored, FilePath);
                }

                return null;
            }

            if (onlyIfMoved && sequence == highestAnchored)
            {
                return null;
            }

            var mark = new AuditAnchorMark(sequence, hash, time.GetUtcNow());
            var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(mark, Json) + "\n");
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await using (var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                // One write of one line, then fsync: a power cut leaves at most a torn last line, which reading skips.
                await file.WriteAsync(line, ct);
                file.Flush(flushToDisk: true);
            }

            highestAnchored = sequence;
            return mark;
        }
        finally
        {
            appending.Release();
        }
    }

    private static AuditAnchorMark? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AuditAnchorMark>(line, Json) is { Sequence: > 0, Hash.Length: 64 } mark ? mark : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
