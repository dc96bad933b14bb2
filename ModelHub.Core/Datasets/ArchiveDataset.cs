using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Datasets;

/// <summary>Hides a dataset from lists and pickers; its file and record stay, because jobs and versions may refer to it.</summary>
public sealed class ArchiveDataset(AuditLog audit, DatasetCatalog catalog, TimeProvider time)
{
    public async Task<Result<DatasetDetails>> ExecuteAsync(int id, Actor actor, CancellationToken ct = default)
    {
        var found = await audit.WriteAsync(async (db, trail) =>
        {
            var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, ct);
            if (dataset is { ArchivedAt: null })
            {
                dataset.ArchivedAt = time.GetUtcNow();
                trail.Add(new AuditRecord(actor, AuditActions.DatasetArchived, AuditObjects.Dataset, id.ToString(System.Globalization.CultureInfo.InvariantCulture), dataset.Name)
                {
                    Before = AuditRecord.ToJson(new { archivedAt = (DateTimeOffset?)null }),
                    After = AuditRecord.ToJson(new { archivedAt = dataset.ArchivedAt }),
                });
            }

            return dataset is not null;
        }, ct);
        if (!found)
        {
            return Error.NotFound($"Dataset {id}");
        }

        return (await catalog.GetAsync(id, ct))!;
    }
}
