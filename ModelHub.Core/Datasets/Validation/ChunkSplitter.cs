using System.Runtime.CompilerServices;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Cuts the stream into runs of whole lines for the workers and handles what only the file as a whole can tell:
/// binary content, a BOM, lines too long to buffer, duplicates across the file.</summary>
internal sealed class ChunkSplitter(DatasetValidationOptions options, LineChecker[] workers, WorkerCrew crew)
{
    /// <summary>Bytes a worker gets at least before a chunk is split: below that, thread hand-off costs more than it saves.</summary>
    public const int MinBytesPerWorker = 256 << 10;

    /// <summary>How much of the file's start is looked at to tell text from binary.</summary>
    public const int SniffBytes = 8192;

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

    /// <summary>
    /// Decides which bytes of the buffer are complete lines to check now (all of them at end of file);
    /// <see cref="Plan.Consumed"/> is where the unfinished rest starts, to be carried into the next read.
    /// </summary>
    public Plan Cut(byte[] buffer, int filled, bool eof)
    {
        if (Skipping)
        {
            return new Plan([], filled);
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
                return new Plan([], filled);
            }

            discarding = false;
            start += newline + 1;
        }

        var end = eof ? filled : start + data[start..].LastIndexOf((byte)'\n') + 1;
        var runs = Split(buffer, start, end);

        // An unfinished line longer than the cap is dropped, never buffered further; Check reports it once it knows
        // its line number.
        if (!eof && filled - end > options.MaxLineBytes)
        {
            discarding = true;
            return new Plan(runs, filled, LongLineFollows: true);
        }

        return new Plan(runs, end);
    }

    /// <summary>Checks the runs of a <see cref="Plan"/>, one worker each, then decides duplicates in line order.</summary>
    /// <remarks>
    /// Each worker numbers its run's lines from 1 and counts them as it goes; the numbers become the file's once the
    /// runs before it are counted, after the workers return. Counting every run's lines up front instead held the
    /// other core idle for a tenth of each chunk.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Check(byte[] buffer, Plan plan)
    {
        var runs = plan.Runs;
        if (runs.Length > 0)
        {
            var marks = new (int, int)[runs.Length];
            var counts = new int[runs.Length];
            for (var p = 0; p < runs.Length; p++)
            {
                marks[p] = workers[p].Issues.Mark;
            }

            crew.Run(runs.Length, p => counts[p] = workers[p].CheckLines(buffer.AsSpan(runs[p].Start, runs[p].End - runs[p].Start), 1));

            // Duplicates are decided here, in line order, so "same as line N" always names the first copy.
            for (var p = 0; p < runs.Length; p++)
            {
                var offset = linesDone;
                workers[p].Issues.ShiftSince(marks[p], offset);
                foreach (var (hash, relative) in workers[p].Examples)
                {
                    var line = relative + offset;
                    if (!seen.TryAdd(hash, line, out var first))
                    {
                        Issues.Add(line, IssueKinds.DuplicateExample, null, $"Same example as line {first}; duplicates weigh it twice in training.");
                    }
                }

                workers[p].Examples.Clear();
                linesDone += counts[p];
            }
        }

        if (plan.LongLineFollows)
        {
            LineChecker.ReportTooLong(Issues, options, ++linesDone);
        }
    }

    // Split at line boundaries into one run per worker; small chunks stay on one worker.
    private Run[] Split(byte[] buffer, int start, int end)
    {
        if (end <= start)
        {
            return [];
        }

        var parts = (int)Math.Clamp((end - start) / (long)MinBytesPerWorker, 1, workers.Length);
        var runs = new Run[parts];
        var from = start;
        for (var p = 0; p < parts; p++)
        {
            var to = p == parts - 1 ? end : CutAfterNewline(buffer, from + ((end - from) / (parts - p)), end);
            runs[p] = new Run(from, to);
            from = to;
        }

        return runs;
    }

    private static int CutAfterNewline(byte[] buffer, int at, int end)
    {
        var newline = buffer.AsSpan(at, end - at).IndexOf((byte)'\n');
        return newline < 0 ? end : at + newline + 1;
    }

    /// <summary>Whole lines from <see cref="Start"/> to <see cref="End"/> for one worker.</summary>
    public readonly record struct Run(int Start, int End);

    /// <summary>What to check in a buffer, how many of its bytes are done with once checked, and whether a line too long
    /// to check starts right after the runs (it is reported, then skipped).</summary>
    public readonly record struct Plan(Run[] Runs, int Consumed, bool LongLineFollows = false);
}
