using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Datasets;

/// <summary>Hides a dataset from lists and pickers; its file and record stay, because jobs and versions may refer to it.</summary>
public sealed class ArchiveDataset(IDbContextFactory<ModelHubDbContext> dbFactory, DatasetCatalog catalog, TimeProvider time)
{
    public async Task<Result<DatasetDetails>> ExecuteAsync(int id, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, ct);
            if (dataset is null)
            {
                return Error.NotFound($"Dataset {id}");
            }

            if (dataset.ArchivedAt is null)
            {
                dataset.ArchivedAt = time.GetUtcNow();
                await db.SaveChangesAsync(ct);
            }
        }

        return (await catalog.GetAsync(id, ct))!;
    }
}
