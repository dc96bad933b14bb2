using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Promotions;

/// <summary>Starts a gate run of a model version on a held-out dataset; the <see cref="GateRunner"/> evaluates it in the background.</summary>
public sealed class StartGateRun(IDbContextFactory<ModelHubDbContext> dbFactory, GateRunner runner, TimeProvider time)
{
    /// <summary>Inserts the run as <c>running</c>, queues it and returns its id.</summary>
    public async Task<Result<int>> StartAsync(string modelName, int versionNumber, int datasetId, string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var versionId = await db.ModelVersions.Where(v => v.RegisteredModel!.Name == modelName && v.Number == versionNumber)
            .Select(v => (int?)v.Id).SingleOrDefaultAsync(ct);
        if (versionId is null)
        {
            return Error.NotFound($"Version {versionNumber} of model '{modelName}'");
        }

        var dataset = await db.Datasets.Where(d => d.Id == datasetId).Select(d => new { d.ExampleCount, d.ArchivedAt }).SingleOrDefaultAsync(ct);
        if (dataset is null)
        {
            return Error.NotFound($"Dataset {datasetId}");
        }

        if (dataset.ArchivedAt is not null)
        {
            return Error.Conflict("dataset-archived", $"Dataset {datasetId} is archived; pick a current held-out dataset.");
        }

        var run = new GateRun
        {
            ModelVersionId = versionId.Value,
            DatasetId = datasetId,
            Status = GateRunStatus.Running,
            StartedAt = time.GetUtcNow(),
            ExampleCount = dataset.ExampleCount,
            RequestedById = userId,
        };
        db.GateRuns.Add(run);
        await db.SaveChangesAsync(ct);
        await runner.EnqueueAsync(run.Id, ct);
        return run.Id;
    }
}
