using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;

namespace ModelHub.Core.Gateway;

/// <summary>Reads metered gateway usage: the canary comparison, spend per version, reports for the Costs page and the API.</summary>
public sealed class UsageQueries(IDbContextFactory<ModelHubDbContext> dbFactory, CanarySettings canaries, IOptionsMonitor<PricingOptions> pricing)
{
    /// <summary>The running canary of <paramref name="model"/> with production and canary calls since it started; null when none runs.</summary>
    public async Task<CanaryComparison?> CanaryAsync(string model, CancellationToken ct = default)
    {
        if (await canaries.GetAsync(model, ct) is not { } split)
        {
            return null;
        }

        var since = new DateTimeOffset(split.StartedAt.UtcTicks - (split.StartedAt.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.UsageMinutes
            .Where(u => u.Model == model && u.Minute >= since && u.Alias == Registry.ModelAlias.Production
                && (u.Version == split.ProductionVersion || u.Version == split.StagingVersion))
            .ToListAsync(ct);
        var prices = await BaseModelsAsync(db, model, ct);
        return new CanaryComparison(split,
            Stats(rows.Where(r => !r.Canary && r.Version == split.ProductionVersion), prices),
            Stats(rows.Where(r => r.Canary && r.Version == split.StagingVersion), prices));
    }

    /// <summary>Calls and spend of each version of <paramref name="model"/> since <paramref name="since"/>, by version number.</summary>
    public async Task<IReadOnlyDictionary<int, UsageStats>> ByVersionAsync(string model, DateTimeOffset since, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.UsageMinutes.Where(u => u.Model == model && u.Minute >= since && u.Version > 0).ToListAsync(ct);
        var prices = await BaseModelsAsync(db, model, ct);
        return rows.GroupBy(r => r.Version).ToDictionary(g => g.Key, g => Stats(g, prices));
    }

    /// <summary>Usage matching <paramref name="filter"/>, grouped as it asks; caller ids are shown as e-mails where known.</summary>
    public async Task<UsageReport> ReportAsync(UsageFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.UsageMinutes.Where(u => u.Minute >= filter.From && u.Minute < filter.To);
        if (filter.Model is not null)
        {
            rows = rows.Where(u => u.Model == filter.Model);
        }

        if (filter.Version is { } version)
        {
            rows = rows.Where(u => u.Version == version);
        }

        if (filter.Caller is not null)
        {
            rows = rows.Where(u => u.CallerId == filter.Caller);
        }

        var list = await rows.ToListAsync(ct);
        var prices = await BaseModelsAsync(db, filter.Model, ct);
        var callerIds = list.Select(r => r.CallerId).Distinct().ToList();
        var emails = await db.Users.Where(u => callerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, ct);
        string Email(string id) => emails.TryGetValue(id, out var email) ? email : id;

        IEnumerable<UsageRow> grouped = filter.GroupBy switch
        {
            UsageGrouping.Day => list.GroupBy(r => DateOnly.FromDateTime(r.Minute.UtcDateTime))
                .OrderBy(g => g.Key)
                .Select(g => new UsageRow(g.Key.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), g.Key, null, null, null, Stats(g, prices))),
            UsageGrouping.Version => list.GroupBy(r => (r.Model, r.Version))
                .Select(g => new UsageRow($"{g.Key.Model}:{g.Key.Version}", null, g.Key.Model, g.Key.Version, null, Stats(g, prices)))
                .OrderByDescending(r => r.Stats.CostUsd).ThenByDescending(r => r.Stats.Calls),
            UsageGrouping.Caller => list.GroupBy(r => r.CallerId)
                .Select(g => new UsageRow(Email(g.Key), null, null, null, Email(g.Key), Stats(g, prices)))
                .OrderByDescending(r => r.Stats.CostUsd).ThenByDescending(r => r.Stats.Calls),
            _ => list.GroupBy(r => r.Model)
                .Select(g => new UsageRow(g.Key, null, g.Key, null, null, Stats(g, prices)))
                .OrderByDescending(r => r.Stats.CostUsd).ThenByDescending(r => r.Stats.Calls),
        };
        return new UsageReport(filter, grouped.ToList(), Stats(list, prices));
    }

    /// <summary>Spend per day of each model version in [from, to): the Costs page's stacked chart.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, string ModelVersion, decimal CostUsd)>> SpendByDayAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.UsageMinutes.Where(u => u.Minute >= from && u.Minute < to && u.Version > 0).ToListAsync(ct);
        var prices = await BaseModelsAsync(db, null, ct);
        return list.GroupBy(r => (Day: DateOnly.FromDateTime(r.Minute.UtcDateTime), r.Model, r.Version))
            .Select(g => (g.Key.Day, $"{g.Key.Model} v{g.Key.Version}", Stats(g, prices).CostUsd))
            .OrderBy(x => x.Day).ThenBy(x => x.Item2, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Sums rows into stats; cost at the fine-tuned inference price of each row's version's base model.</summary>
    internal UsageStats Stats(IEnumerable<UsageMinute> rows, IReadOnlyDictionary<(string Model, int Version), string> baseModels)
    {
        var table = pricing.CurrentValue;
        var histogram = new LatencyHistogram();
        long calls = 0, errors = 0, input = 0, output = 0;
        var cost = 0m;
        foreach (var row in rows)
        {
            calls += row.Calls;
            errors += UsageStats.IsError(row.Status) ? row.Calls : 0;
            input += row.InputTokens;
            output += row.OutputTokens;
            histogram.Add(row.LatencyBuckets);
            if (baseModels.TryGetValue((row.Model, row.Version), out var baseModel) && table.Find(baseModel) is { } price)
            {
                cost += price.FineTunedCost(row.InputTokens, row.OutputTokens);
            }
        }

        return new UsageStats(calls, errors, histogram.Percentile(0.50), histogram.Percentile(0.95), input, output, cost);
    }

    internal static async Task<IReadOnlyDictionary<(string Model, int Version), string>> BaseModelsAsync(ModelHubDbContext db, string? model, CancellationToken ct)
    {
        var versions = db.ModelVersions.AsQueryable();
        if (model is not null)
        {
            versions = versions.Where(v => v.RegisteredModel!.Name == model);
        }

        var list = await versions.Select(v => new { v.RegisteredModel!.Name, v.Number, v.BaseModel }).ToListAsync(ct);
        return list.ToDictionary(v => (v.Name, v.Number), v => v.BaseModel);
    }
}
