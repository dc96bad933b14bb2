using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Audit;

/// <summary>Which entries to show; every part is optional and they combine with AND.</summary>
/// <param name="Object">"type:id" for one object, otherwise text contained in the object's type, id or name.</param>
/// <param name="Actor">Text contained in the actor's e-mail (or "system").</param>
/// <param name="Action">An action code, or a prefix of one such as "user." or "dataset".</param>
/// <param name="From">Entries at or after this time.</param>
/// <param name="To">Entries before this time.</param>
public sealed record AuditFilter(string? Object = null, string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>An audit entry as lists and the API show it.</summary>
public sealed record AuditEntryView(
    long Sequence, Guid Id, DateTimeOffset At, string? ActorId, string ActorName, string Action,
    string ObjectType, string ObjectId, string? ObjectName, string? Before, string? After, string? Reason);

/// <summary>One page of entries, newest first, and how many match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Total, int Page, int PageSize);

/// <summary>Reads the audit log: filtered pages for the page and the API, and a streamed CSV export.</summary>
public sealed class AuditQueries(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    public const int MaxPageSize = InputLimits.MaxPageSize;

    public async Task<AuditPage> ListAsync(AuditFilter filter, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        // Clamped so the offset cannot overflow into page 1; the API refuses out-of-range values before this (InputLimits.Page).
        page = Math.Clamp(page, 1, InputLimits.MaxPage);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Apply(db.AuditEntries.AsNoTracking(), filter);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(e => e.Sequence)
            .Skip(InputLimits.Offset(page, pageSize)).Take(pageSize)
            .Select(e => new AuditEntryView(e.Sequence, e.Id, e.At, e.ActorId, e.ActorName, e.Action,
                e.ObjectType, e.ObjectId, e.ObjectName, e.Before, e.After, e.Reason))
            .ToListAsync(ct);
        return new AuditPage(items, total, page, pageSize);
    }

    /// <summary>The distinct action codes in the log, for the filter picker.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var used = await db.AuditEntries.Select(e => e.Action).Distinct().ToListAsync(ct);
        return [.. used.Union(AuditActions.All).Order(StringComparer.Ordinal)];
    }

    /// <summary>Writes matching entries as RFC 4180 CSV, oldest first, one row at a time.</summary>
    public async Task WriteCsvAsync(AuditFilter filter, TextWriter writer, CancellationToken ct = default)
    {
        await writer.WriteAsync("sequence,at_utc,actor_id,actor,action,object_type,object_id,object_name,before,after,reason,previous_hash,hash\r\n");
        await foreach (var e in StreamAsync(filter, ct))
        {
            var row = new StringBuilder(256);
            AppendRow(row,
                e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("O"), e.ActorId,
                e.ActorName, e.Action, e.ObjectType, e.ObjectId, e.ObjectName, e.Before, e.After, e.Reason, e.PreviousHash, e.Hash);
            await writer.WriteAsync(row, ct);
        }
    }

    /// <summary>One CSV cell: quoted when it holds a comma, quote or line break, and defused when a spreadsheet would run it as a formula.</summary>
    public static string CsvCell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static void AppendRow(StringBuilder row, params string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            row.Append(CsvCell(cells[i]));
        }

        row.Append("\r\n");
    }

    private async IAsyncEnumerable<AuditEntry> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var entry in Apply(db.AuditEntries.AsNoTracking(), filter).OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return entry;
        }
    }

    private static IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Object))
        {
            var text = filter.Object.Trim();
            var colon = text.IndexOf(':');
            if (colon > 0 && colon < text.Length - 1)
            {
                var (type, id) = (text[..colon], text[(colon + 1)..]);
                query = query.Where(e => e.ObjectType == type && e.ObjectId == id);
            }
            else
            {
                var pattern = Contains(text.ToLowerInvariant());
                query = query.Where(e => EF.Functions.Like(e.ObjectType.ToLower(), pattern, "\\")
                    || EF.Functions.Like(e.ObjectId.ToLower(), pattern, "\\")
                    || EF.Functions.Like(e.ObjectName!.ToLower(), pattern, "\\"));
            }
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var pattern = Contains(filter.Actor.Trim().ToLowerInvariant());
            query = query.Where(e => EF.Functions.Like(e.ActorName.ToLower(), pattern, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var pattern = Escape(filter.Action.Trim().ToLowerInvariant()) + "%";
            query = query.Where(e => EF.Functions.Like(e.Action.ToLower(), pattern, "\\"));
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        return query;
    }

    // Patterns are lower-cased and matched against lower(column): LIKE ignores case on SQLite but not on PostgreSQL.
    private static string Contains(string text) => "%" + Escape(text) + "%";

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
