using ModelHub.Core.Audit;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;

namespace ModelHub.Core.Registry;

/// <summary>
/// Turns a succeeded job into the next version of its registered model, with its lineage. Idempotent: a job that
/// already has a version gets that version back (the unique job index makes a second one impossible).
/// </summary>
public sealed class RegisterModelVersion(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, TimeProvider time, AliasResolutionCache aliasCache)
{
    /// <summary>The version and whether this call created it.</summary>
    public sealed record Registered(string ModelName, int Number, int VersionId, bool Created);

    public async Task<Result<Registered>> RegisterAsync(int jobId, CancellationToken ct = default)
    {
        // Two jobs of one model finishing together may race for the same number: the unique index decides, we retry.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRegisterAsync(jobId, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<Result<Registered>> TryRegisterAsync(int jobId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.FineTuneJobs.Include(j => j.RegisteredModel).Include(j => j.Version)
            .SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null)
        {
            return Error.NotFound($"Job {jobId}");
        }

        if (job.Version is { } existing)
        {
            return new Registered(job.RegisteredModel!.Name, existing.Number, existing.Id, Created: false);
        }

        if (job.Status != JobStatus.Succeeded || job.FineTunedModel is null)
        {
            return Error.Conflict("job-not-succeeded", $"Job {jobId} is {job.Status}; only succeeded jobs become versions.");
        }

        var datasetIds = new[] { job.TrainingDatasetId, job.ValidationDatasetId ?? job.TrainingDatasetId };
        var hashes = await db.Datasets.Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Sha256, ct);
        // Downsampled here, once, so compare never reads a long run's raw points; LTTB keeps the last point, which is
        // each metric's final value.
        var curves = await JobCurves.ReadAllAsync(db, jobId, ct);
        var finalMetrics = curves.ToDictionary(c => c.Name, c => c.Decode().Values[^1]);
        var number = (await db.ModelVersions.Where(v => v.RegisteredModelId == job.RegisteredModelId).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var now = time.GetUtcNow();
        var version = new ModelVersion
        {
            RegisteredModelId = job.RegisteredModelId,
            Number = number,
            ProviderModelId = job.FineTunedModel,
            BaseModel = job.BaseModel,
            JobId = job.Id,
            TrainingDatasetId = job.TrainingDatasetId,
            TrainingDatasetSha256 = hashes[job.TrainingDatasetId],
            ValidationDatasetId = job.ValidationDatasetId,
            ValidationDatasetSha256 = job.ValidationDatasetId is { } v ? hashes[v] : null,
            // The values the provider trained with ("auto" resolved), else what was asked for.
            NEpochs = job.TrainedEpochs ?? job.NEpochs,
            BatchSize = job.TrainedBatchSize ?? job.BatchSize,
            LearningRateMultiplier = job.TrainedLearningRateMultiplier ?? job.LearningRateMultiplier,
            Suffix = job.Suffix,
            Seed = job.Seed,
            FinalMetricsJson = JsonSerializer.Serialize(finalMetrics.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary()),
            TrainedTokens = job.TrainedTokens,
            CostUsd = job.ActualCostUsd,
            CreatedById = job.LaunchedById,
            CreatedAt = now,
        };
        db.ModelVersions.Add(version);
        foreach (var curve in curves)
        {
            curve.ModelVersion = version;
        }

        db.MetricSeries.AddRange(curves);
        db.StageTransitions.Add(new StageTransition { ModelVersion = version, From = null, To = ModelStage.None, At = now, ById = job.LaunchedById, Reason = "Registered" });
        job.RegisteredModel!.UpdatedAt = now;
        var registered = await audit.WriteAsync(db, async trail =>
        {
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(Actor.System, AuditActions.VersionRegistered, AuditObjects.Version,
                $"{job.RegisteredModel.Name}:{number}", $"{job.RegisteredModel.Name} v{number}")
            {
                After = AuditRecord.ToJson(new { providerModelId = version.ProviderModelId, jobId = job.Id, stage = version.Stage.ToString() }),
            });
            return new Registered(job.RegisteredModel.Name, number, version.Id, Created: true);
        }, ct);

        // "latest" now resolves to this version.
        aliasCache.Invalidate(job.RegisteredModel.Name);
        return registered;
    }
}
