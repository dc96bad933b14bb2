using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Providers;

namespace ModelHub.Core.Datasets;

/// <summary>Uploads a dataset to the current provider once and remembers the provider's file id for next time.</summary>
public sealed class UploadDatasetToProvider(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    DatasetFileStore files,
    IFineTuningProvider provider,
    IProviderEndpoint endpoint,
    TimeProvider time)
{
    public async Task<Result<string>> EnsureUploadedAsync(int datasetId, CancellationToken ct = default)
    {
        var providerKey = endpoint.BaseUrl.ToString();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var dataset = await db.Set<Dataset>().Include(d => d.ProviderFiles).SingleOrDefaultAsync(d => d.Id == datasetId, ct);
        if (dataset is null)
        {
            return Error.NotFound($"Dataset {datasetId}");
        }

        if (dataset.ProviderFiles.FirstOrDefault(f => f.Provider == providerKey) is { } known)
        {
            return known.FileId;
        }

        await using var content = files.OpenRead(dataset.Sha256);
        // The provider sees a name derived from the hash, never the uploader's file name.
        var uploaded = await provider.UploadFileAsync(content, $"modelhub-{dataset.Sha256[..12]}.jsonl", ct);
        dataset.ProviderFiles.Add(new DatasetProviderFile { Provider = providerKey, FileId = uploaded.Id, UploadedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return uploaded.Id;
    }

    /// <summary>
    /// Drops the stored id <paramref name="fileId"/> of a dataset at the current provider (the provider no longer has
    /// the file), so the next <see cref="EnsureUploadedAsync"/> uploads it again. An id another launch stored meanwhile stays.
    /// </summary>
    public async Task ForgetAsync(int datasetId, string fileId, CancellationToken ct = default)
    {
        var providerKey = endpoint.BaseUrl.ToString();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<DatasetProviderFile>()
            .Where(f => f.DatasetId == datasetId && f.Provider == providerKey && f.FileId == fileId)
            .ExecuteDeleteAsync(ct);
    }
}
