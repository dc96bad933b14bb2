using System.Runtime.CompilerServices;
using System.IO.Hashing;
using System.Text.Unicode;
using ModelHub.Core.Datasets.Statistics;
using ModelHub.Core.Datasets.Tokens;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>One worker's share of validation: checks whole lines and keeps its own issues, statistics and example hashes.</summary>
internal sealed class LineChecker : IDisposable
{
    private readonly DatasetValidationOptions options;
    private readonly ExampleChecker checker;

    public LineChecker(DatasetValidationOptions options, ITokenCounter? counter, string? encoding, bool encodingIsExact)
    {
        this.options = options;
        Issues = new IssueCollector(options.MaxIssuesPerKind);
        Statistics = new StatisticsAccumulator(options.MaxTokensPerExample, encoding, encodingIsExact);
        checker = new ExampleChecker(options, Issues, counter);
    }

    public IssueCollector Issues { get; }

    public StatisticsAccumulator Statistics { get; }

    /// <summary>Checks the lines of <paramref name="lines"/>, numbered from 1 (a last line may lack its newline), adding the
    /// content hash and line of each example to <paramref name="examples"/>. Returns how many lines there were.</summary>
    // One upload is one long loop over these few methods: without this, tier-0 code runs for seconds
    // before tiering replaces it, which halves the throughput of a single large file.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CheckLines(ReadOnlySpan<byte> lines, List<(ulong Hash, int Line)> examples)
    {
        // One UTF-8 check over the whole piece is ~1.7x faster than one per ~2 KB line (the vector loop never restarts);
        // only a piece with a fault is checked line by line, to say which line.
        var utf8Valid = Utf8Check.IsValid(lines);
        var lineNumber = 1;
        while (!lines.IsEmpty)
        {
            var newline = lines.IndexOf((byte)'\n');
            var line = newline < 0 ? lines : lines[..newline];
            Check(line, lineNumber++, utf8Valid, examples);
            lines = newline < 0 ? [] : lines[(newline + 1)..];
        }

        return lineNumber - 1;
    }

    public void Dispose() => checker.Dispose();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Check(ReadOnlySpan<byte> line, int lineNumber, bool utf8Valid, List<(ulong Hash, int Line)> examples)
    {
        if (line.Length > options.MaxLineBytes)
        {
            ReportTooLong(Issues, options, lineNumber);
            return;
        }

        line = line.TrimEnd("\r"u8);
        var trimmed = line.Trim(" \t\r"u8);
        if (trimmed.IsEmpty)
        {
            Issues.Add(lineNumber, IssueKinds.BlankLine, null, "Blank line; the provider skips it, but it may hide a lost example.");
            return;
        }

        if (!utf8Valid && !Utf8Check.IsValid(line))
        {
            Issues.Add(lineNumber, IssueKinds.InvalidUtf8, null, $"Invalid UTF-8 at byte {FirstInvalidByte(line) + 1}; save the file as UTF-8.");
            return;
        }

        var outcome = checker.Check(line, lineNumber);
        if (outcome.IsExample)
        {
            Statistics.AddExample(outcome.MessageCount, outcome.Tokens, outcome.AssistantTokens);

            // Canonical form: the example without surrounding whitespace or line ending.
            examples.Add((XxHash3.HashToUInt64(trimmed), lineNumber));
        }
    }

    public static void ReportTooLong(IssueCollector issues, DatasetValidationOptions options, int lineNumber) =>
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
