using System.Diagnostics;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Bench;

/// <summary>One timed contender: the validator alone over the file, or the product's upload pass (validate + SHA-256 + temp file).</summary>
internal sealed class Pass(string path, DatasetValidationOptions options, bool upload)
{
    // Beside the input, as the product's temp files sit beside its store: same disk, same page cache.
    private readonly string tempPath = path + ".upload.tmp";

    /// <summary>Validates the first <paramref name="bytes"/> of the file (all of it for <see cref="long.MaxValue"/>).</summary>
    public async Task<DatasetValidationReport> RunAsync(long bytes, DatasetValidationOptions? with = null)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        Stream content = bytes == long.MaxValue ? file : new HeadStream(file, bytes);
        if (!upload)
        {
            return await DatasetValidator.ValidateAsync(content, with ?? options);
        }

        try
        {
            return await UploadPass.RunAsync(content, tempPath, long.MaxValue, with ?? options)
                ?? throw new InvalidOperationException("No size limit, so the pass cannot be over it.");
        }
        finally
        {
            File.Delete(tempPath);
        }
    }

    /// <summary>Runs the pass on the file's first 8 MB for <paramref name="seconds"/> (and three rounds at least), pauses, three times.</summary>
    /// <remarks>Streamed, not loaded, so the warm-up does not raise the peak memory it helps measure. Tiered compilation
    /// starts counting calls only once no new method has been compiled for 100 ms (1 s on a single CPU), which a busy
    /// loop never grants: without the pauses, the framework's and System.IO.Hashing's code ran unoptimised for the whole
    /// timed pass. A server has such pauses between uploads; the figure is its steady state.</remarks>
    public async Task WarmupAsync(double seconds)
    {
        for (var lap = 0; lap < 3; lap++)
        {
            var watch = Stopwatch.StartNew();
            for (var round = 0; round < 3 || watch.Elapsed < TimeSpan.FromSeconds(seconds); round++)
            {
                await RunAsync(8L << 20, options with { MinExamples = 0 });
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }
    }
}
