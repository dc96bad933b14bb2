using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text.Unicode;
using ModelHub.Core.Datasets.Statistics;
using ModelHub.Core.Datasets.Tokens;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Validates a chat fine-tuning JSONL stream in one pass and bounded memory, hashing it with SHA-256 on the way.</summary>
public static class DatasetValidator
{
    private const int ChunkBytes = 1 << 20;
    private const int SniffBytes = 8192;

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

        var issues = new IssueCollector(options.MaxIssuesPerKind);
        var (encoding, exact) = TokenizerCatalog.EncodingFor(options.BaseModel);
        var counter = options.CountTokens ? TokenizerCatalog.ForEncoding(encoding) : null;
        var stats = new StatisticsAccumulator(options.MaxTokensPerExample, counter?.Encoding, exact);
        using var checker = new ExampleChecker(options, issues, counter);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var lines = new LineState(options, issues, checker, stats);

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkBytes, options.MaxLineBytes + 1) + SniffBytes);
        long total = 0;
        try
        {
            int filled = 0;
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

                // SHA-256 of the new bytes runs on another core while this one checks the lines.
                var fresh = buffer.AsMemory(filled, read);
                var hashing = read > 0 ? Task.Run(() => sha.AppendData(fresh.Span), ct) : Task.CompletedTask;
                filled += read;

                if (!sniffed && (filled >= SniffBytes || eof))
                {
                    sniffed = true;
                    lines.Sniff(buffer.AsSpan(0, filled));
                }

                var consumed = sniffed ? lines.Process(buffer.AsSpan(0, filled), eof) : 0;
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
        }

        var statistics = stats.Build(total, options.HistogramBuckets);
        if (!lines.Skipping && statistics.ExampleCount < options.MinExamples)
        {
            issues.Add(0, IssueKinds.TooFewExamples, null,
                $"The file has {statistics.ExampleCount} example(s); fine-tuning needs at least {options.MinExamples}.");
        }

        return new DatasetValidationReport(
            issues.Sorted(issues.Errors),
            issues.Sorted(issues.Warnings),
            new Dictionary<string, int>(issues.Counts),
            statistics,
            Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static byte[] Grow(byte[] buffer, int filled, int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    /// <summary>Splits the byte stream into lines and routes each to the right check; remembers where it is between chunks.</summary>
    private sealed class LineState(DatasetValidationOptions options, IssueCollector issues, ExampleChecker checker, StatisticsAccumulator stats)
    {
        // 8-byte content hashes → first line seen: enough to tell a million examples apart (collision odds ~1e-8).
        private readonly Dictionary<ulong, int> seen = [];
        private int lineNumber;
        private bool discarding;
        private bool atStart = true;

        /// <summary>True once the file is known not to be UTF-8 text: the rest is hashed, not checked.</summary>
        public bool Skipping { get; private set; }

        public void Sniff(ReadOnlySpan<byte> head)
        {
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            {
                Skipping = true;
                issues.Add(1, IssueKinds.WrongEncoding, null, "The file is UTF-16 text; save it as UTF-8 (one JSON object per line).");
                return;
            }

            var sample = head[..Math.Min(head.Length, SniffBytes)];
            if (sample.Contains((byte)0))
            {
                Skipping = true;
                issues.Add(1, IssueKinds.BinaryFile, null, "The file is not text (it contains NUL bytes); upload a UTF-8 JSONL file.");
            }
        }

        /// <summary>Checks every complete line in <paramref name="data"/> (and the last one at end of file); returns the bytes used.</summary>
        public int Process(ReadOnlySpan<byte> data, bool eof)
        {
            if (Skipping)
            {
                return data.Length;
            }

            var start = 0;
            if (atStart && data.StartsWith("\uFEFF"u8))
            {
                issues.Add(1, IssueKinds.Bom, null, "The file starts with a UTF-8 byte order mark; it is ignored, but some tools choke on it.");
                start = 3;
            }

            atStart = false;
            while (start < data.Length)
            {
                var newline = data[start..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                Line(data.Slice(start, newline));
                start += newline + 1;
            }

            var rest = data[start..];
            if (eof)
            {
                if (!rest.IsEmpty)
                {
                    Line(rest);
                }

                return data.Length;
            }

            if (rest.Length > options.MaxLineBytes)
            {
                if (!discarding)
                {
                    lineNumber++;
                    TooLong();
                }

                // Drop the unfinished line's bytes; the next newline ends it.
                discarding = true;
                return data.Length;
            }

            return start;
        }

        private void Line(ReadOnlySpan<byte> line)
        {
            if (discarding)
            {
                // The end of a line already reported as too long.
                discarding = false;
                return;
            }

            lineNumber++;
            if (line.Length > options.MaxLineBytes)
            {
                TooLong();
                return;
            }

            line = line.TrimEnd("\r"u8);
            var trimmed = line.Trim(" \t\r"u8);
            if (trimmed.IsEmpty)
            {
                issues.Add(lineNumber, IssueKinds.BlankLine, null, "Blank line; the provider skips it, but it may hide a lost example.");
                return;
            }

            if (!Utf8.IsValid(line))
            {
                issues.Add(lineNumber, IssueKinds.InvalidUtf8, null, $"Invalid UTF-8 at byte {FirstInvalidByte(line) + 1}; save the file as UTF-8.");
                return;
            }

            var outcome = checker.Check(line, lineNumber);
            if (!outcome.IsExample)
            {
                return;
            }

            stats.AddExample(outcome.MessageCount, outcome.Tokens, outcome.AssistantTokens);

            // Canonical form: the example without surrounding whitespace or line ending.
            var hash = XxHash3.HashToUInt64(trimmed);
            if (!seen.TryAdd(hash, lineNumber))
            {
                issues.Add(lineNumber, IssueKinds.DuplicateExample, null, $"Same example as line {seen[hash]}; duplicates weigh it twice in training.");
            }
        }

        private void TooLong() =>
            issues.Add(lineNumber, IssueKinds.LineTooLong, null, $"The line is longer than {options.MaxLineBytes:N0} bytes; it was not checked.");

        private static int FirstInvalidByte(ReadOnlySpan<byte> line)
        {
            var offset = 0;
            while (offset < line.Length)
            {
                if (System.Text.Rune.DecodeFromUtf8(line[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
                {
                    return offset;
                }

                offset += consumed;
            }

            return offset;
        }
    }
}
