namespace ModelHub.Core.Datasets.Validation;

/// <summary>Counts every issue and keeps only the first few of each kind, so a file with a million bad lines stays a small report.</summary>
internal sealed class IssueCollector(int maxPerKind)
{
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private readonly List<DatasetIssue> errors = [];
    private readonly List<DatasetIssue> warnings = [];

    public IReadOnlyDictionary<string, int> Counts => counts;

    public IReadOnlyList<DatasetIssue> Errors => errors;

    public IReadOnlyList<DatasetIssue> Warnings => warnings;

    public int ErrorCount { get; private set; }

    public void Add(int line, string kind, string? field, string message)
    {
        var seen = counts.GetValueOrDefault(kind);
        counts[kind] = seen + 1;
        var severity = IssueKinds.SeverityOf(kind);
        if (severity == IssueSeverity.Error)
        {
            ErrorCount++;
        }

        if (seen < maxPerKind)
        {
            (severity == IssueSeverity.Error ? errors : warnings).Add(new DatasetIssue(line, kind, field, message, severity));
        }
    }

    /// <summary>Where the kept issues end now, for <see cref="ShiftBetween"/>.</summary>
    public (int Errors, int Warnings) Mark => (errors.Count, warnings.Count);

    /// <summary>Adds <paramref name="offset"/> to the line of every issue kept between <paramref name="from"/> and
    /// <paramref name="to"/> (two <see cref="Mark"/>s): a worker numbers a piece's lines from 1 and learns where the piece
    /// starts in the file only once every piece before it is counted.</summary>
    public void ShiftBetween((int Errors, int Warnings) from, (int Errors, int Warnings) to, int offset)
    {
        Shift(errors, from.Errors, to.Errors, offset);
        Shift(warnings, from.Warnings, to.Warnings, offset);

        static void Shift(List<DatasetIssue> issues, int from, int to, int offset)
        {
            for (var i = from; i < to; i++)
            {
                issues[i] = issues[i] with { Line = issues[i].Line + offset };
            }
        }
    }

    /// <summary>Combines collectors that each saw part of the file: counts add up, and the first N per kind are the N lowest lines.</summary>
    public static (IReadOnlyList<DatasetIssue> Errors, IReadOnlyList<DatasetIssue> Warnings, Dictionary<string, int> Counts) Merge(
        IReadOnlyList<IssueCollector> parts, int maxPerKind)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in parts.SelectMany(p => p.counts))
        {
            counts[kind] = counts.GetValueOrDefault(kind) + count;
        }

        // Each part kept its own first N of every kind, so the global first N are among them.
        // OrderBy is stable: issues of one line keep the order they were found in.
        List<DatasetIssue> FirstPerKind(Func<IssueCollector, List<DatasetIssue>> pick) =>
            parts.SelectMany(pick)
                 .OrderBy(i => i.Line)
                 .GroupBy(i => i.Kind)
                 .SelectMany(g => g.Take(maxPerKind))
                 .OrderBy(i => i.Line)
                 .ToList();

        return (FirstPerKind(p => p.errors), FirstPerKind(p => p.warnings), counts);
    }
}
