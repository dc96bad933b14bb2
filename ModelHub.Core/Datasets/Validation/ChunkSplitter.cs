using System.Runtime.CompilerServices;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Cuts the stream into pieces of whole lines for the workers and handles what only the file as a whole can tell:
/// binary content, a BOM, lines too long to buffer, duplicates across the file.</summary>
internal sealed class ChunkSplitter(DatasetValidationOptions options, LineChecker[] workers, WorkerCrew crew)
{
    /// <summary>Bytes in a piece, the unit of work threads take from a chunk: small enough that a thread which loses its
    /// core for a while leaves little for the others to wait on, large enough that taking one costs nothing measurable.</summary>
    public const int PieceBytes = 64 << 10;

    // A chunk grows past 4 MB only to hold one long line; its pieces then grow instead of their number.
    private const int MaxPieces = 128;

    /// <summary>How much of the file's start is looked at to tell text from binary.</summary>
    public const int SniffBytes = 8192;

    private readonly DuplicateFinder duplicates = new(options.MaxIssuesPerKind);

    // The pieces being checked, and those of the chunk before, whose duplicates are decided meanwhile.
    private List<PieceResult> current = [];
    private List<PieceResult> previous = [];
    private int previousCount;
    private int linesDone;
    private bool discarding;
    private bool atStart = true;

    public IssueCollector Issues { get; } = new(options.MaxIssuesPerKind);

    /// <summary>Every collector the splitter fills: its own and the duplicate finder's.</summary>
    public IEnumerable<IssueCollector> AllIssues => [Issues, .. duplicates.Issues];

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
        var pieces = Split(buffer, start, end);

        // An unfinished line longer than the cap is dropped, never buffered further; Check reports it once it knows
        // its line number.
        if (!eof && filled - end > options.MaxLineBytes)
        {
            discarding = true;
            return new Plan(pieces, filled, LongLineFollows: true);
        }

        return new Plan(pieces, end);
    }

    /// <summary>Checks the pieces of a <see cref="Plan"/>, taken by whichever thread is free, and meanwhile decides the
    /// duplicates of the chunk before; the calling flow first runs <paramref name="meanwhile"/> (the next read), then
    /// joins in.</summary>
    /// <remarks>
    /// Each piece's lines are numbered from 1 and counted as they are checked; the numbers become the file's after the
    /// batch, once the pieces before are counted. Counting every chunk's lines up front instead held the other core idle
    /// for a tenth of each chunk. Reading on a thread of its own while every worker checked made three threads share two
    /// cores, and the one that lost its core held up the rest at the end of every chunk.
    /// </remarks>
    public async Task CheckAsync(byte[] buffer, Plan plan, Func<Task>? meanwhile = null)
    {
        var pieces = plan.Pieces;
        while (current.Count < pieces.Length)
        {
            current.Add(new PieceResult());
        }

        var shards = previousCount > 0 ? DuplicateFinder.Shards : 0;
        crew.Start(shards + pieces.Length, (item, thread) =>
        {
            if (item < shards)
            {
                duplicates.Find(item, previous, previousCount);
            }
            else
            {
                CheckPiece(buffer, pieces[item - shards], current[item - shards], thread);
            }
        });

        try
        {
            if (meanwhile is not null)
            {
                await meanwhile().ConfigureAwait(false);
            }
        }
        finally
        {
            // Even when the read failed: the pieces use the buffer, which must not go back to the pool before they end.
            crew.Finish();
        }

        ClearPrevious();
        for (var p = 0; p < pieces.Length; p++)
        {
            var piece = current[p];
            piece.LinesBefore = linesDone;
            workers[piece.Thread].Issues.ShiftBetween(piece.IssuesFrom, piece.IssuesTo, linesDone);
            linesDone += piece.Lines;
        }

        (previous, current, previousCount) = (current, previous, pieces.Length);
        if (plan.LongLineFollows)
        {
            LineChecker.ReportTooLong(Issues, options, ++linesDone);
        }
    }

    /// <summary>Decides the duplicates of the last chunk checked; call once the file has ended.</summary>
    public void Finish()
    {
        if (previousCount > 0)
        {
            crew.Run(DuplicateFinder.Shards, (shard, _) => duplicates.Find(shard, previous, previousCount));
            ClearPrevious();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckPiece(byte[] buffer, Piece range, PieceResult piece, int thread)
    {
        var worker = workers[thread];
        piece.Thread = thread;
        piece.IssuesFrom = worker.Issues.Mark;
        piece.Lines = worker.CheckLines(buffer.AsSpan(range.Start, range.End - range.Start), piece.Examples);
        piece.IssuesTo = worker.Issues.Mark;
    }

    private void ClearPrevious()
    {
        for (var p = 0; p < previousCount; p++)
        {
            previous[p].Examples.Clear();
        }

        previousCount = 0;
    }

    // Split at line boundaries into pieces of about PieceBytes; a line longer than that makes its piece longer.
    private static Piece[] Split(byte[] buffer, int start, int end)
    {
        if (end <= start)
        {
            return [];
        }

        var length = end - start;
        var count = (int)Math.Clamp((length + (long)PieceBytes - 1) / PieceBytes, 1, MaxPieces);
        var pieces = new List<Piece>(count);
        var from = start;
        for (var p = 0; p < count && from < end; p++)
        {
            var to = p == count - 1 ? end : CutAfterNewline(buffer, from + ((end - from) / (count - p)), end);
            pieces.Add(new Piece(from, to));
            from = to;
        }

        return [.. pieces];
    }

    private static int CutAfterNewline(byte[] buffer, int at, int end)
    {
        var newline = buffer.AsSpan(at, end - at).IndexOf((byte)'\n');
        return newline < 0 ? end : at + newline + 1;
    }

    /// <summary>Whole lines from <see cref="Start"/> to <see cref="End"/>, checked by one thread.</summary>
    public readonly record struct Piece(int Start, int End);

    /// <summary>What to check in a buffer, how many of its bytes are done with once checked, and whether a line too long
    /// to check starts right after the pieces (it is reported, then skipped).</summary>
    public readonly record struct Plan(Piece[] Pieces, int Consumed, bool LongLineFollows = false);
}
