using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;

namespace ModelHub.Core.Gateway;

/// <summary>
/// Reads budgets with this month's spend: the metered usage priced as the Costs page prices it (the fine-tuned
/// inference price of each version's base model), summed in the database.
/// </summary>
public sealed class BudgetQueries(IDbContextFactory<ModelHubDbContext> dbFactory, IOptionsMonitor<PricingOptions> pricing, TimeProvider time)
{
    /// <summary>The budget of <paramref name="model"/> with its spend this month; null when it has none.</summary>
    public async Task<BudgetStatus?> GetAsync(string model, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await LoadAsync(db, [model], BudgetMonth.Of(time.GetUtcNow()), ct);
        return found.Count == 0 ? null : found[0].Status;
    }

    /// <summary>Every model's budget with its spend this month, by model name.</summary>
    public async Task<IReadOnlyList<BudgetStatus>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await LoadAsync(db, null, BudgetMonth.Of(time.GetUtcNow()), ct);
        return [.. found.Select(f => f.Status).OrderBy(s => s.Model, StringComparer.Ordinal)];
    }

    /// <summary>The budgets of <paramref name="models"/> (all when null) with their spend in <paramref name="month"/>.</summary>
    internal async Task<IReadOnlyList<(int ModelId, BudgetStatus Status)>> LoadAsync(
        ModelHubDbContext db, List<string>? models, BudgetMonth month, CancellationToken ct)
    {
        var query = db.ModelBudgets.Join(db.RegisteredModels, b => b.RegisteredModelId, m => m.Id,
            (b, m) => new { ModelId = m.Id, m.Name, b.MonthlyUsd, b.HardStop });
        if (models is not null)
        {
            query = query.Where(b => models.Contains(b.Name));
        }

        var budgets = await query.ToListAsync(ct);
        if (budgets.Count == 0)
        {
            return [];
        }

        var names = budgets.Select(b => b.Name).ToList();
        var spend = await SpendAsync(db, names, month, ct);
        return [.. budgets.Select(b => (b.ModelId, new BudgetStatus(b.Name, b.MonthlyUsd, b.HardStop, spend.GetValueOrDefault(b.Name), month)))];
    }

    private async Task<Dictionary<string, decimal>> SpendAsync(ModelHubDbContext db, List<string> models, BudgetMonth month, CancellationToken ct)
    {
        var (start, end) = (month.Start, month.End);
        // Summed per version in SQL: a busy month holds a row per minute, caller and status, and this runs every second.
        var sums = await db.UsageMinutes
            .Where(u => models.Contains(u.Model) && u.Minute >= start && u.Minute < end && u.Version > 0)
            .GroupBy(u => new { u.Model, u.Version })
            .Select(g => new { g.Key.Model, g.Key.Version, Input = g.Sum(u => u.InputTokens), Output = g.Sum(u => u.OutputTokens) })
            .ToListAsync(ct);
        var baseModels = await db.ModelVersions.Where(v => models.Contains(v.RegisteredModel!.Name))
            .Select(v => new { v.RegisteredModel!.Name, v.Number, v.BaseModel })
            .ToDictionaryAsync(v => (v.Name, v.Number), v => v.BaseModel, ct);
        var table = pricing.CurrentValue;
        var spend = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var sum in sums)
        {
            if (baseModels.TryGetValue((sum.Model, sum.Version), out var baseModel) && table.Find(baseModel) is { } price)
            {
                spend[sum.Model] = spend.GetValueOrDefault(sum.Model) + price.FineTunedCost(sum.Input, sum.Output);
            }
        }

        return spend;
    }
}
