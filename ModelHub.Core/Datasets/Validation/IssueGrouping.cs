namespace ModelHub.Core.Datasets.Validation;

/// <summary>How every report groups its issues: by kind, errors first, then by count, then by name.</summary>
public static class IssueGrouping
{
    public static IReadOnlyList<TGroup> ByKind<TIssue, TGroup>(
        IReadOnlyDictionary<string, int> countsByKind,
        IEnumerable<TIssue> listed,
        Func<TIssue, string> kindOf,
        Func<string, IssueSeverity, int, IReadOnlyList<TIssue>, TGroup> group)
    {
        var byKind = listed.ToLookup(kindOf);
        return countsByKind
            .Select(kv => (Kind: kv.Key, Severity: IssueKinds.SeverityOf(kv.Key), Count: kv.Value))
            .OrderByDescending(g => g.Severity)
            .ThenByDescending(g => g.Count)
            .ThenBy(g => g.Kind, StringComparer.Ordinal)
            .Select(g => group(g.Kind, g.Severity, g.Count, byKind[g.Kind].ToList()))
            .ToList();
    }
}
