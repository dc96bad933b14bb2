using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>Starts a gate run of a model version on a held-out dataset; the <see cref="GateRunner"/> evaluates it in the background.</summary>
public sealed class StartGateRun(AuditLog audit, GateRunner runner, TimeProvider time)
{
    /// <summary>Inserts the run as <c>running</c> with its audit entry, queues it and returns its id.</summary>
    public async Task<Result<int>> StartAsync(string modelName, int versionNumber, int datasetId, Actor actor, CancellationToken ct = default)
    {
        var started = await audit.WriteAsync<Result<int>>(async (db, trail) =>
        {
            var versionId = await db.ModelVersions.Named(modelName, versionNumber)
                .Select(v => (int?)v.Id).SingleOrDefaultAsync(ct);
            if (versionId is null)
            {
                return Error.NotFound($"Version {versionNumber} of model '{modelName}'");
            }

            var dataset = await db.Datasets.Where(d => d.Id == datasetId).Select(d => new { d.Name, d.ExampleCount, d.ArchivedAt }).SingleOrDefaultAsync(ct);
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
                RequestedById = actor.Id!,
            };
            db.GateRuns.Add(run);
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, AuditActions.GateRunStarted, AuditObjects.GateRun, run.Id.ToString(CultureInfo.InvariantCulture), $"{modelName} v{versionNumber}")
            {
                After = AuditRecord.ToJson(new { status = GateRunStatus.Running, datasetId, dataset = dataset.Name, examples = dataset.ExampleCount }),
            });
            return run.Id;
        }, ct);

        // Queued only once committed: the runner must find the row it is told about.
        if (started.Succeeded)
        {
            await runner.EnqueueAsync(started.Value, ct);
        }

        return started;
    }
}
