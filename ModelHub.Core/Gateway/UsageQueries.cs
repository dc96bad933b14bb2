using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;

namespace ModelHub.Core.Gateway;

/// <summary>Reads metered gateway usage: the canary comparison, spend per version.</summary>
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
