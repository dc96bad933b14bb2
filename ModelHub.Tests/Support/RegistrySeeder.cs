using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Registry;

namespace ModelHub.Tests.Support;

/// <summary>
/// Inserts registered versions directly (dataset rows, a succeeded job, its metric points, the version), for tests that
/// need versions in seconds rather than simulated training runs.
/// </summary>
public static class RegistrySeeder
{
    /// <summary>Adds the next version of <paramref name="model"/> (created when new) with <paramref name="steps"/> points per metric.</summary>
    public static async Task<int> AddVersionAsync(IServiceProvider services, string model, string userId, int steps = 20, double lossScale = 1.0, int? epochs = 3)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();

        // The job and its version commit together: the app's tracker registers any succeeded job it sees without a
        // version, and would otherwise race this seeder for the same version number.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var jobId = await AddSucceededJobAsync(db, model, userId, steps, lossScale, epochs);
        var now = DateTimeOffset.UtcNow;
        var job = await db.FineTuneJobs.SingleAsync(j => j.Id == jobId);
        var registered = await db.RegisteredModels.SingleAsync(m => m.Id == job.RegisteredModelId);
        var sha = await db.Datasets.Where(d => d.Id == job.TrainingDatasetId).Select(d => d.Sha256).SingleAsync();
        var number = (await db.ModelVersions.Where(v => v.RegisteredModelId == registered.Id).MaxAsync(v => (int?)v.Number) ?? 0) + 1;
        var final = CompareVersions.ChartedMetrics.ToDictionary(n => n, n => n.Contains("accuracy", StringComparison.Ordinal) ? 0.9 : lossScale * 0.1);
        var version = new ModelVersion
        {
            RegisteredModelId = registered.Id,
            Number = number,
            ProviderModelId = job.FineTunedModel!,
            BaseModel = job.BaseModel,
            JobId = job.Id,
            TrainingDatasetId = job.TrainingDatasetId,
            TrainingDatasetSha256 = sha,
            NEpochs = epochs,
            FinalMetricsJson = System.Text.Json.JsonSerializer.Serialize(final),
            CreatedById = userId,
            CreatedAt = now,
        };
        db.ModelVersions.Add(version);
        db.StageTransitions.Add(new StageTransition { ModelVersion = version, To = ModelStage.None, At = now, ById = userId, Reason = "Registered" });
        registered.UpdatedAt = now;
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        services.GetRequiredService<AliasResolutionCache>().Invalidate(model);
        return number;
    }

    /// <summary>
    /// Adds a succeeded job of <paramref name="model"/> (created when new) with <paramref name="steps"/> points per charted
    /// metric and no version yet: what <see cref="RegisterModelVersion"/> turns into the next version.
    /// </summary>
    public static async Task<int> AddSucceededJobAsync(IServiceProvider services, string model, string userId, int steps = 20, double lossScale = 1.0, int? epochs = 3)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await AddSucceededJobAsync(db, model, userId, steps, lossScale, epochs);
    }

    /// <summary>Adds a failed job of <paramref name="model"/> (created when new): a job run with no fine-tuned model, which never becomes a version.</summary>
    public static async Task<int> AddFailedJobAsync(IServiceProvider services, string model, string userId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await AddSucceededJobAsync(db, model, userId, steps: 5, lossScale: 1.0, epochs: 3, failed: true);
    }

    private static async Task<int> AddSucceededJobAsync(ModelHubDbContext db, string model, string userId, int steps, double lossScale, int? epochs, bool failed = false)
    {
        var now = DateTimeOffset.UtcNow;
        var registered = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == model);
        if (registered is null)
        {
            registered = new RegisteredModel { Name = model, OwnerId = userId, CreatedAt = now, UpdatedAt = now, Description = $"The **{model}** model." };
            db.RegisteredModels.Add(registered);
            await db.SaveChangesAsync();
        }

        var sha = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var dataset = new Dataset
        {
            Name = $"{model}-train",
            Purpose = DatasetPurpose.Training,
            Sha256 = sha,
            SizeBytes = 100,
            OriginalFileName = "train.jsonl",
            ExampleCount = 10,
            TotalTokens = 1000,
            Encoding = "o200k_base",
            ReportJson = "{}",
            StatisticsJson = "{}",
            CreatedById = userId,
            CreatedAt = now,
        };
        db.Datasets.Add(dataset);
        await db.SaveChangesAsync();

        // The version this job becomes when registered next, for a readable provider model id.
        var number = (await db.ModelVersions.Where(v => v.RegisteredModelId == registered.Id).MaxAsync(v => (int?)v.Number) ?? 0) + 1;
        var job = new FineTuneJob
        {
            RegisteredModelId = registered.Id,
            BaseModel = "gpt-4o-mini-2024-07-18",
            TrainingDatasetId = dataset.Id,
            Status = failed ? JobStatus.Failed : JobStatus.Succeeded,
            NEpochs = epochs,
            FineTunedModel = failed ? null : $"ft:gpt-4o-mini-2024-07-18:modelhub:{model}-v{number}:{Guid.NewGuid().ToString("N")[..8]}",
            LaunchedById = userId,
            CreatedAt = now,
            FinishedAt = now,
            CurrentStep = steps,
            TotalSteps = steps,
        };
        db.FineTuneJobs.Add(job);
        await db.SaveChangesAsync();

        foreach (var name in CompareVersions.ChartedMetrics)
        {
            var accuracy = name.Contains("accuracy", StringComparison.Ordinal);
            for (var step = 1; step <= steps; step++)
            {
                var loss = lossScale * 2.0 / (1 + (step * 0.05)) + (0.02 * Math.Sin(step));
                db.MetricPoints.Add(new MetricPoint { JobId = job.Id, Name = name, Step = step, Value = accuracy ? 1 - (loss / 3) : loss });
            }
        }

        await db.SaveChangesAsync();
        return job.Id;
    }

    /// <summary>
    /// Moves a version to <paramref name="stage"/> the way the promotion use cases will: the holder of that stage is
    /// archived, both transitions are recorded, and the alias cache is invalidated right after the commit.
    /// </summary>
    public static async Task SetStageAsync(IServiceProvider services, string model, int number, ModelStage stage, string userId)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var versions = await db.ModelVersions.Where(v => v.RegisteredModel!.Name == model).ToListAsync();
        foreach (var holder in versions.Where(v => v.Stage == stage && v.Number != number))
        {
            db.StageTransitions.Add(new StageTransition { ModelVersionId = holder.Id, From = holder.Stage, To = ModelStage.Archived, At = now, ById = userId });
            holder.Stage = ModelStage.Archived;
        }

        await db.SaveChangesAsync();
        var target = versions.Single(v => v.Number == number);
        db.StageTransitions.Add(new StageTransition { ModelVersionId = target.Id, From = target.Stage, To = stage, At = now, ById = userId, Reason = "Test" });
        target.Stage = stage;
        await db.SaveChangesAsync();
        services.GetRequiredService<AliasResolutionCache>().Invalidate(model);
    }
}
