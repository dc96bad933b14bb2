using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Every model that has fine-tune jobs has an experiment named after it, where its jobs answer as runs. The experiment
/// row is created the first time anything reads experiments or runs (as MLflow's own server creates "Default"), so
/// jobs launched before this existed, or by any door, are covered without copying their rows.
/// </summary>
public sealed class JobExperiments(IDbContextFactory<ModelHubDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Creates the missing experiments of models with jobs.</summary>
    public async Task EnsureAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var missing = await db.RegisteredModels
            .Where(m => db.FineTuneJobs.Any(j => j.RegisteredModelId == m.Id) && !db.MlflowExperiments.Any(e => e.Name == m.Name))
            .Select(m => m.Name).ToListAsync(ct);
        if (missing.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var name in missing)
        {
            db.MlflowExperiments.Add(new MlflowExperiment { Name = name, CreatedAt = now, UpdatedAt = now });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another reader created them first; the unique name index kept one of each.
        }
    }

    /// <summary>The models whose jobs answer as runs of the given experiments, by model id, with each one's experiment id.</summary>
    public static async Task<Dictionary<int, int>> ModelsOfAsync(ModelHubDbContext db, IReadOnlyCollection<int> experimentIds, CancellationToken ct) =>
        await db.MlflowExperiments.Where(e => experimentIds.Contains(e.Id))
            .Join(db.RegisteredModels, e => e.Name, m => m.Name, (e, m) => new { ModelId = m.Id, ExperimentId = e.Id })
            .ToDictionaryAsync(x => x.ModelId, x => x.ExperimentId, ct);
}
