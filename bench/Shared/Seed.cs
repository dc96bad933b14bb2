using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.BenchSupport;

/// <summary>
/// Registers versions, each with a passed gate run, straight in the database (not timed): training runs are not what is
/// measured. Shared by the promotion benchmark and the several-instances test as a linked source file.
/// </summary>
internal static class Seed
{
    private static readonly SemaphoreSlim Writing = new(1, 1);

    public static async Task<IReadOnlyList<int>> VersionsAsync(IServiceProvider services, string model, string userId, int count)
    {
        await Writing.WaitAsync();
        try
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var now = DateTimeOffset.UtcNow;
            var registered = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == model);
            if (registered is null)
            {
                registered = new RegisteredModel { Name = model, OwnerId = userId, CreatedAt = now, UpdatedAt = now };
                db.RegisteredModels.Add(registered);
                await db.SaveChangesAsync();
            }

            var dataset = await db.Datasets.FirstOrDefaultAsync();
            if (dataset is null)
            {
                dataset = new Dataset
                {
                    Name = "bench-train", Purpose = DatasetPurpose.Training, Sha256 = new string('a', 64), SizeBytes = 1, OriginalFileName = "train.jsonl",
                    ExampleCount = 10, TotalTokens = 100, Encoding = "o200k_base", ReportJson = "{}", StatisticsJson = "{}", CreatedById = userId, CreatedAt = now,
                };
                db.Datasets.Add(dataset);
                await db.SaveChangesAsync();
            }

            var first = (await db.ModelVersions.Where(v => v.RegisteredModelId == registered.Id).MaxAsync(v => (int?)v.Number) ?? 0) + 1;
            var numbers = Enumerable.Range(first, count).ToList();
            var jobs = numbers.Select(number => new FineTuneJob
            {
                RegisteredModelId = registered.Id, BaseModel = "gpt-4o-mini-2024-07-18", TrainingDatasetId = dataset.Id, Status = JobStatus.Succeeded,
                FineTunedModel = $"ft:gpt-4o-mini-2024-07-18:bench:{model}-v{number}", LaunchedById = userId, CreatedAt = now, FinishedAt = now,
            }).ToList();
            db.FineTuneJobs.AddRange(jobs);
            await db.SaveChangesAsync();
            var versions = jobs.Select((job, i) => new ModelVersion
            {
                RegisteredModelId = registered.Id, Number = numbers[i], ProviderModelId = job.FineTunedModel!, BaseModel = job.BaseModel, JobId = job.Id,
                TrainingDatasetId = dataset.Id, TrainingDatasetSha256 = dataset.Sha256, FinalMetricsJson = "{}", CreatedById = userId, CreatedAt = now,
            }).ToList();
            db.ModelVersions.AddRange(versions);
            await db.SaveChangesAsync();
            db.GateRuns.AddRange(versions.Select(version => new GateRun
            {
                ModelVersionId = version.Id, DatasetId = dataset.Id, Status = GateRunStatus.Passed, StartedAt = now, FinishedAt = now,
                ScoresJson = """{"count":10,"exactMatch":0.9,"accuracy":0.9,"macroF1":0.9,"perLabel":[]}""", RuleResultsJson = "[]", ProductionComparisonsJson = "[]",
                RequestedById = userId,
            }));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return numbers;
        }
        finally
        {
            Writing.Release();
        }
    }
}
