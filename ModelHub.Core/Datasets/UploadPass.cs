using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Core.Datasets;

/// <summary>The single pass over an upload's bytes: validates them (checks, statistics, SHA-256) while writing them to a temp file.</summary>
/// <remarks>Its own type so that the benchmark times exactly what <see cref="UploadDataset"/> runs.</remarks>
public static class UploadPass
{
    /// <summary>Reads <paramref name="content"/> once, spooling it to <paramref name="tempPath"/> (created new) and validating it.</summary>
    /// <returns>The report with the SHA-256 of the spooled bytes, all on disk; null when the content passed <paramref name="maxBytes"/>
    /// (the temp file is then incomplete and the caller discards it).</returns>
    public static async Task<DatasetValidationReport?> RunAsync(
        Stream content,
        string tempPath,
        long maxBytes,
        DatasetValidationOptions options,
        IProgress<long>? bytesRead = null,
        CancellationToken ct = default)
    {
        await using var spool = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        DatasetValidationReport report;
        try
        {
            report = await DatasetValidator.ValidateAsync(new SizeCappedStream(content, maxBytes), options, spool, bytesRead, ct).ConfigureAwait(false);
        }
        catch (UploadTooLargeException)
        {
            return null;
        }

        // Every byte on disk before the caller renames the file into the store.
        await spool.FlushAsync(ct).ConfigureAwait(false);
        spool.Flush(flushToDisk: true);
        return report;
    }
}
