using ModelHub.Core.Datasets.Statistics;
using ModelHub.Core.Datasets.Validation;

namespace ModelHub.Core.Datasets;

/// <summary>One issue as the API and stored reports show it: <c>{line, kind, field, message}</c>.</summary>
public sealed record DatasetReportIssue(int Line, string Kind, string? Field, string Message);

/// <summary>A validation report without statistics: the listed errors and warnings and every issue counted by kind.</summary>
public sealed record DatasetReport(
    IReadOnlyList<DatasetReportIssue> Errors,
    IReadOnlyList<DatasetReportIssue> Warnings,
    IReadOnlyDictionary<string, int> CountsByKind)
{
    /// <summary>Every blocking issue, listed or not.</summary>
    public int ErrorCount => CountsByKind.Where(kv => IssueKinds.SeverityOf(kv.Key) == IssueSeverity.Error).Sum(kv => kv.Value);

    /// <summary>Every warning, listed or not.</summary>
    public int WarningCount => CountsByKind.Where(kv => IssueKinds.SeverityOf(kv.Key) == IssueSeverity.Warning).Sum(kv => kv.Value);

    public static DatasetReport From(DatasetValidationReport report) => new(
        report.Errors.Select(ToIssue).ToList(),
        report.Warnings.Select(ToIssue).ToList(),
        new SortedDictionary<string, int>(report.CountsByKind.ToDictionary(), StringComparer.Ordinal));

    /// <summary>Issues grouped by kind, errors first, then by count.</summary>
    public IReadOnlyList<DatasetReportGroup> GroupByKind() =>
        IssueGrouping.ByKind(CountsByKind, Errors.Concat(Warnings), i => i.Kind, (kind, severity, count, first) => new DatasetReportGroup(kind, severity, count, first));

    private static DatasetReportIssue ToIssue(DatasetIssue issue) => new(issue.Line, issue.Kind, issue.Field, issue.Message);
}

/// <summary>All issues of one kind in a <see cref="DatasetReport"/>: how many and the first ones listed.</summary>
public sealed record DatasetReportGroup(string Kind, IssueSeverity Severity, int Count, IReadOnlyList<DatasetReportIssue> First);

/// <summary>Dataset statuses as shown and serialized.</summary>
public static class DatasetStatus
{
    public const string Validated = "validated";
    public const string Archived = "archived";
}

/// <summary>A dataset in a list: metadata and headline figures.</summary>
public record DatasetSummary(
    int Id,
    string Name,
    string? Description,
    DatasetPurpose Purpose,
    string Sha256,
    long SizeBytes,
    string OriginalFileName,
    string Status,
    int ExampleCount,
    long TotalTokens,
    string Encoding,
    int WarningCount,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ArchivedAt);

/// <summary>A dataset with its validation report and statistics: what the dataset page and <c>GET /api/datasets/{id}</c> show.</summary>
public sealed record DatasetDetails : DatasetSummary
{
    public DatasetDetails(DatasetSummary summary, DatasetReport report, DatasetStatistics stats)
        : base(summary)
    {
        Report = report;
        Stats = stats;
    }

    public DatasetReport Report { get; init; }

    public DatasetStatistics Stats { get; init; }
}
