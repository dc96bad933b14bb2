using System.Buffers;
using ModelHub.Core.Datasets.Tokens;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Validates a chat fine-tuning JSONL stream in one pass and bounded memory, hashing it with SHA-256 on the way.</summary>
/// <remarks>
/// Memory is two read buffers (4 MB each, or the longest allowed line), one char buffer per worker, and
/// 12 bytes per example for duplicate detection. The stream is read (hashed, and copied for an upload) into one
/// buffer while the other is cut into pieces of whole lines that the workers (one per core) take as they get free
/// (the reading flow joins them once its read is done); results are merged in line order.
/// </remarks>
public static class DatasetValidator
{
    // With the sniff margin this rents exactly 4 MB: ArrayPool rounds sizes up to a power of two.
    private const int ChunkBytes = (4 << 20) - ChunkSplitter.SniffBytes;

    /// <summary>Reads <paramref name="content"/> to its end once and reports every problem, the statistics and the SHA-256 of the bytes.</summary>
    /// <param name="content">The file's bytes; read forward only, never seeked.</param>
    /// <param name="options">Base model, limits, and whether to count tokens.</param>
    /// <param name="bytesRead">Receives the running number of bytes read, for a progress bar.</param>
    /// <param name="ct">Stops the read between chunks.</param>
    public static Task<DatasetValidationReport> ValidateAsync(
        Stream content,
        DatasetValidationOptions options,
        IProgress<long>? bytesRead = null,
        CancellationToken ct = default) =>
        ValidateAsync(content, options, copyTo: null, bytesRead, ct);

    /// <summary>Validates like the public overload and also writes every byte read to <paramref name="copyTo"/>, while hashing.</summary>
    internal static async Task<DatasetValidationReport> ValidateAsync(
        Stream content,
        DatasetValidationOptions options,
        Stream? copyTo,
        IProgress<long>? bytesRead,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);

        var (encoding, exact) = TokenizerCatalog.EncodingFor(options.BaseModel);
        var counter = options.CountTokens ? TokenizerCatalog.ForEncoding(encoding) : null;
        var workers = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 8))
            .Select(_ => new LineChecker(options, counter, counter?.Encoding, exact))
            .ToArray();
        using var reader = new ChunkReader(content, options.HashContent, copyTo, bytesRead);
        using var crew = new WorkerCrew(workers.Length);
        var splitter = new ChunkSplitter(options, workers, crew);
        var maxBuffer = options.MaxLineBytes + 1 + ChunkSplitter.SniffBytes;
        var size = Math.Min(ChunkBytes + ChunkSplitter.SniffBytes, maxBuffer);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var next = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var (filled, eof) = await reader.FillAsync(buffer, 0, ct).ConfigureAwait(false);
            splitter.Sniff(buffer.AsSpan(0, filled));
            while (true)
            {
                var plan = splitter.Cut(buffer, filled, eof);
                if (eof)
                {
                    await splitter.CheckAsync(buffer, plan).ConfigureAwait(false);
                    splitter.Finish();
                    break;
                }

                var carried = filled - plan.Consumed;
                if (carried >= next.Length)
                {
                    // Only an unfinished line that still fits the cap can fill a buffer: give it room to end.
                    ArrayPool<byte>.Shared.Return(next);
                    next = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(next.Length, carried) * 2, maxBuffer));
                }

                buffer.AsSpan(plan.Consumed, carried).CopyTo(next);

                // The next chunk is read and hashed while the other workers start on this one.
                var target = next;
                var read = 0;
                await splitter.CheckAsync(buffer, plan, async () => (read, eof) = await reader.FillAsync(target, carried, ct).ConfigureAwait(false))
                    .ConfigureAwait(false);
                filled = carried + read;
                (buffer, next) = (next, buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(next);
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }

        var stats = workers[0].Statistics;
        foreach (var worker in workers.Skip(1))
        {
            stats.Add(worker.Statistics);
        }

        var statistics = stats.Build(reader.Total, options.HistogramBuckets);
        if (!splitter.Skipping && statistics.ExampleCount < options.MinExamples)
        {
            splitter.Issues.Add(0, IssueKinds.TooFewExamples, null,
                $"The file has {statistics.ExampleCount} example(s); fine-tuning needs at least {options.MinExamples}.");
        }

        var (errors, warnings, counts) = IssueCollector.Merge([.. splitter.AllIssues, .. workers.Select(w => w.Issues)], options.MaxIssuesPerKind);
        return new DatasetValidationReport(errors, warnings, counts, statistics, reader.Sha256());
    }
}
