using ModelHub.Core.Datasets.Statistics;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>The outcome of validating one dataset file: issues (first N per kind), counts, statistics and the file's SHA-256.</summary>
/// <param name="Errors">Blocking issues in line order, at most <see cref="DatasetValidationOptions.MaxIssuesPerKind"/> per kind.</param>
/// <param name="Warnings">Non-blocking issues in line order, capped the same way.</param>
/// <param name="CountsByKind">Every issue counted, listed or not, by kind.</param>
/// <param name="Statistics">Figures about the examples.</param>
/// <param name="Sha256">Lowercase hex SHA-256 of every byte read.</param>
public sealed record DatasetValidationReport(
    IReadOnlyList<DatasetIssue> Errors,
    IReadOnlyList<DatasetIssue> Warnings,
    IReadOnlyDictionary<string, int> CountsByKind,
    DatasetStatistics Statistics,
    string Sha256)
{
    /// <summary>Total number of blocking issues, including those not listed.</summary>
    public int ErrorCount => CountsByKind.Where(kv => IssueKinds.SeverityOf(kv.Key) == IssueSeverity.Error).Sum(kv => kv.Value);

    /// <summary>Total number of warnings, including those not listed.</summary>
    public int WarningCount => CountsByKind.Where(kv => IssueKinds.SeverityOf(kv.Key) == IssueSeverity.Warning).Sum(kv => kv.Value);

    /// <summary>True when the dataset must not be used.</summary>
    public bool HasErrors => ErrorCount > 0;

    /// <summary>Issues grouped by kind, errors first, then by count: what a report page shows.</summary>
    public IReadOnlyList<IssueGroup> GroupByKind() =>
        IssueGrouping.ByKind(CountsByKind, Errors.Concat(Warnings), i => i.Kind, (kind, severity, count, first) => new IssueGroup(kind, severity, count, first));
}

/// <summary>All issues of one kind: how many there are and the first ones listed.</summary>
public sealed record IssueGroup(string Kind, IssueSeverity Severity, int Count, IReadOnlyList<DatasetIssue> First);
