namespace ModelHub.Core.Datasets.Validation;

/// <summary>What checking one piece of a chunk leaves behind until its lines learn their numbers in the file: how many
/// lines it had, which of its thread's kept issues are its own, and the content hash of each example.</summary>
/// <remarks>Reused from chunk to chunk, so the example list keeps its capacity.</remarks>
internal sealed class PieceResult
{
    /// <summary>Index of the thread (and so of the <see cref="LineChecker"/>) that checked the piece.</summary>
    public int Thread { get; set; }

    /// <summary>The checker's <see cref="IssueCollector.Mark"/> before and after the piece.</summary>
    public (int Errors, int Warnings) IssuesFrom { get; set; }

    public (int Errors, int Warnings) IssuesTo { get; set; }

    public int Lines { get; set; }

    /// <summary>Lines in the file before the piece's first line; known once every piece before it is counted.</summary>
    public int LinesBefore { get; set; }

    /// <summary>Content hash and line, numbered from 1 within the piece, of each example, in line order.</summary>
    public List<(ulong Hash, int Line)> Examples { get; } = [];
}
