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

    // The lines are visited in order, except file-level issues (line 0) found at the end.
    public IReadOnlyList<DatasetIssue> Sorted(IReadOnlyList<DatasetIssue> issues) =>
        issues.OrderBy(i => i.Line).ToList();
}
