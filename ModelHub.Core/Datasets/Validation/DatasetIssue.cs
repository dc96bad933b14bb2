namespace ModelHub.Core.Datasets.Validation;

/// <summary>Whether a problem blocks the dataset from being used (<see cref="Error"/>) or is only worth a look (<see cref="Warning"/>).</summary>
public enum IssueSeverity
{
    Warning,
    Error,
}

/// <summary>One problem found in a dataset: the public JSON contract is <c>{line, kind, field, message}</c>.</summary>
/// <param name="Line">1-based line number; 0 for problems about the whole file (too few examples).</param>
/// <param name="Kind">Stable kebab-case code from <see cref="IssueKinds"/>.</param>
/// <param name="Field">JSON path inside the example, e.g. <c>messages[2].role</c>; null when the whole line is at fault.</param>
/// <param name="Message">Plain-language explanation a person can act on.</param>
/// <param name="Severity">Derived from <paramref name="Kind"/>; see <see cref="IssueKinds.SeverityOf"/>.</param>
public sealed record DatasetIssue(int Line, string Kind, string? Field, string Message, IssueSeverity Severity);
