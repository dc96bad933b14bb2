using System.Buffers;
using System.Security.Cryptography;
using ModelHub.Core.Datasets.Tokens;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Validates a chat fine-tuning JSONL stream in one pass and bounded memory, hashing it with SHA-256 on the way.</summary>
/// <remarks>
/// Memory is one read buffer (a few MB, or the longest allowed line), one char buffer per worker, and
/// 8 bytes + a line number per example for duplicate detection. Each chunk's lines are split between
/// workers (one per core) while SHA-256 of the same bytes runs beside them; results are merged in line order.
/// </remarks>
public static class DatasetValidator
{
    // With the sniff margin this rents exactly 4 MB: ArrayPool rounds sizes up to a power of two.
    private const int ChunkBytes = (4 << 20) - SniffBytes;
    private const int SniffBytes = 8192;
    private const int MinBytesPerWorker = 256 << 10;

    /// <summary>Reads <paramref name="content"/> to its end once and reports every problem, the statistics and the SHA-256 of the bytes.</summary>
    /// <param name="content">The file's bytes; read forward only, never seeked.</param>
    /// <param name="options">Base model, limits, and whether to count tokens.</param>
    /// <param name="bytesRead">Receives the running number of bytes read, for a progress bar.</param>
    /// <param name="ct">Stops the read between chunks.</param>
    public static async Task<DatasetValidationReport> ValidateAsync(
        Stream content,
        DatasetValidationOptions options,
        IProgress<long>? bytesRead = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);

        var (encoding, exact) = TokenizerCatalog.EncodingFor(options.BaseModel);
        var counter = options.CountTokens ? TokenizerCatalog.ForEncoding(encoding) : null;
        var workers = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 8))
            .Select(_ => new LineChecker(options, counter, counter?.Encoding, exact))
            .ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var splitter = new ChunkSplitter(options, workers);

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkBytes, options.MaxLineBytes + 1) + SniffBytes);
        long total = 0;
        try
        {
            var filled = 0;
            var sniffed = false;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // Only an unfinished line that still fits the cap can fill the buffer: give it room to end.
                    buffer = Grow(buffer, filled, Math.Min(buffer.Length * 2, options.MaxLineBytes + 1 + SniffBytes));
                }

                var read = await content.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
                var eof = read == 0;
                total += read;
                bytesRead?.Report(total);

                // SHA-256 of the new bytes runs on another core while the workers check the lines.
                var fresh = new ArraySegment<byte>(buffer, filled, read);
                var hashing = read > 0 ? Task.Run(() => sha.AppendData(fresh), ct) : Task.CompletedTask;
                filled += read;

                if (!sniffed && (filled >= SniffBytes || eof))
                {
                    sniffed = true;
                    splitter.Sniff(buffer.AsSpan(0, filled));
                }

                var consumed = sniffed ? splitter.Process(buffer, filled, eof) : 0;
                await hashing.ConfigureAwait(false);
                if (eof)
                {
                    break;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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

        var statistics = stats.Build(total, options.HistogramBuckets);
        if (!splitter.Skipping && statistics.ExampleCount < options.MinExamples)
        {
            splitter.Issues.Add(0, IssueKinds.TooFewExamples, null,
                $"The file has {statistics.ExampleCount} example(s); fine-tuning needs at least {options.MinExamples}.");
        }

        var (errors, warnings, counts) = IssueCollector.Merge([splitter.Issues, .. workers.Select(w => w.Issues)], options.MaxIssuesPerKind);
        return new DatasetValidationReport(errors, warnings, counts, statistics, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static byte[] Grow(byte[] buffer, int filled, int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    /// <summary>Cuts the stream into runs of whole lines for the workers and handles what only the file as a whole can tell:
    /// binary content, a BOM, lines too long to buffer, duplicates across the file.</summary>
    private sealed class ChunkSplitter(DatasetValidationOptions options, LineChecker[] workers)
    {
        // 8-byte content hashes → first line seen: enough to tell millions of examples apart (collision odds ~1e-7).
        private readonly ExampleHashSet seen = new();
        private int linesDone;
        private bool discarding;
        private bool atStart = true;

        public IssueCollector Issues { get; } = new(options.MaxIssuesPerKind);

        /// <summary>True once the file is known not to be UTF-8 text: the rest is hashed, not checked.</summary>
        public bool Skipping { get; private set; }

        public void Sniff(ReadOnlySpan<byte> head)
        {
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                Skipping = true;
                Issues.Add(1, IssueKinds.WrongEncoding, null, "The file is UTF-16 text; save it as UTF-8 (one JSON object per line).");
                return;
            }

            if (head[..Math.Min(head.Length, SniffBytes)].Contains((byte)0))
            {
                Skipping = true;
                Issues.Add(1, IssueKinds.BinaryFile, null, "The file is not text (it contains NUL bytes); upload a UTF-8 JSONL file.");
            }
        }

        /// <summary>Checks every complete line in the buffer (and the last one at end of file); returns the bytes used.</summary>
        public int Process(byte[] buffer, int filled, bool eof)
        {
            if (Skipping)
            {
                return filled;
            }

            var data = buffer.AsSpan(0, filled);
            var start = 0;
            if (atStart && data.StartsWith("\uFEFF"u8))
            {
                Issues.Add(1, IssueKinds.Bom, null, "The file starts with a UTF-8 byte order mark; it is ignored, but some tools choke on it.");
                start = 3;
            }

            atStart = false;
            if (discarding)
            {
                // The rest of a line already reported as too long.
                var newline = data[start..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    return filled;
                }

                discarding = false;
                start += newline + 1;
            }

            var end = eof ? filled : start + data[start..].LastIndexOf((byte)'\n') + 1;
            CheckInParallel(buffer, start, end);
            // An unfinished line longer than the cap is reported now and dropped, never buffered further.
            if (!eof && filled - end > options.MaxLineBytes)
            {
                LineChecker.ReportTooLong(Issues, options, ++linesDone);
                discarding = true;
                return filled;
            }

            return end;
        }

        private void CheckInParallel(byte[] buffer, int start, int end)
        {
            if (end <= start)
            {
                return;
            }

            // Split at line boundaries into one run per worker; small chunks stay on this thread.
            var parts = (int)Math.Clamp((end - start) / (long)MinBytesPerWorker, 1, workers.Length);
            var runs = new (int Start, int End, int FirstLine)[parts];
            var from = start;
            for (var p = 0; p < parts; p++)
            {
                var to = p == parts - 1 ? end : CutAfterNewline(buffer, from + ((end - from) / (parts - p)), end);
                runs[p] = (from, to, linesDone + 1);
                linesDone += LineCount(buffer.AsSpan(from, to - from));
                from = to;
            }

            if (parts == 1)
            {
                workers[0].CheckLines(buffer.AsSpan(start, end - start), runs[0].FirstLine);
            }
            else
            {
                Parallel.For(0, parts, p => workers[p].CheckLines(buffer.AsSpan(runs[p].Start, runs[p].End - runs[p].Start), runs[p].FirstLine));
            }

            // Duplicates are decided here, in line order, so "same as line N" always names the first copy.
            foreach (var worker in workers.Take(parts))
            {
                foreach (var (hash, line) in worker.Examples)
                {
                    if (!seen.TryAdd(hash, line, out var first))
                    {
                        Issues.Add(line, IssueKinds.DuplicateExample, null, $"Same example as line {first}; duplicates weigh it twice in training.");
                    }
                }

                worker.Examples.Clear();
            }
        }

        private static int CutAfterNewline(byte[] buffer, int at, int end)
        {
            var newline = buffer.AsSpan(at, end - at).IndexOf((byte)'\n');
            return newline < 0 ? end : at + newline + 1;
        }

        private static int LineCount(ReadOnlySpan<byte> run) =>
            run.IsEmpty ? 0 : run.Count((byte)'\n') + (run[^1] == (byte)'\n' ? 0 : 1);
    }
}
