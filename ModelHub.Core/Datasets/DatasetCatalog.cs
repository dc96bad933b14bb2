using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets.Statistics;

namespace ModelHub.Core.Datasets;

/// <summary>Reads datasets for the pages and the API: lists, one dataset with its report and statistics, lookup by content.</summary>
public sealed class DatasetCatalog(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    /// <summary>The JSON shape of stored reports and statistics; the same as the API's.</summary>
    internal static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Datasets, newest first; archived ones only when asked for.</summary>
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(bool includeArchived = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Datasets.AsNoTracking();
        if (!includeArchived)
        {
            query = query.Where(d => d.ArchivedAt == null);
        }

        var rows = await query
            .OrderByDescending(d => d.CreatedAt)
            .ThenByDescending(d => d.Id)
            .Select(d => new { Dataset = d, CreatedBy = db.Users.Where(u => u.Id == d.CreatedById).Select(u => u.Email).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.Select(r => ToSummary(r.Dataset, r.CreatedBy)).ToList();
    }

    public async Task<DatasetDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindAsync(db, d => d.Id == id, ct);
    }

    /// <summary>The dataset already stored with this content, if any.</summary>
    public async Task<DatasetDetails?> FindBySha256Async(string sha256, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindAsync(db, d => d.Sha256 == sha256, ct);
    }

    internal static DatasetDetails ToDetails(Dataset d, string? createdBy) => new(
        ToSummary(d, createdBy),
        JsonSerializer.Deserialize<DatasetReport>(d.ReportJson, Json)!,
        JsonSerializer.Deserialize<DatasetStatistics>(d.StatisticsJson, Json)!);

    private static async Task<DatasetDetails?> FindAsync(ModelHubDbContext db, System.Linq.Expressions.Expression<Func<Dataset, bool>> match, CancellationToken ct)
    {
        var row = await db.Datasets.AsNoTracking()
            .Where(match)
            .Select(d => new { Dataset = d, CreatedBy = db.Users.Where(u => u.Id == d.CreatedById).Select(u => u.Email).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : ToDetails(row.Dataset, row.CreatedBy);
    }

    private static DatasetSummary ToSummary(Dataset d, string? createdBy) => new(
        d.Id, d.Name, d.Description, d.Purpose, d.Sha256, d.SizeBytes, d.OriginalFileName,
        d.ArchivedAt is null ? DatasetStatus.Validated : DatasetStatus.Archived,
        d.ExampleCount, d.TotalTokens, d.Encoding, d.WarningCount, d.CreatedAt, createdBy ?? "(deleted user)", d.ArchivedAt);
}
