using ModelHub.Cli.Api;

namespace ModelHub.Cli.Console;

/// <summary>A dataset's validation report grouped by kind, each issue with its line number.</summary>
internal static class ValidationReportView
{
    public static void Write(Output output, DatasetReport report)
    {
        Group(output, "error", report.Errors, report.CountsByKind);
        Group(output, "warning", report.Warnings, report.CountsByKind);
    }

    private static void Group(Output output, string severity, IReadOnlyList<ReportIssue> issues, IReadOnlyDictionary<string, int> counts)
    {
        foreach (var kind in issues.GroupBy(i => i.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var total = Math.Max(counts.GetValueOrDefault(kind.Key), kind.Count());
            output.Line($"{kind.Key} ({total} {severity}{(total == 1 ? "" : "s")})");
            foreach (var issue in kind.OrderBy(i => i.Line))
            {
                var field = issue.Field is null ? "" : $" [{issue.Field}]";
                output.Line($"  line {issue.Line}{field}: {issue.Message}");
            }

            if (total > kind.Count())
            {
                output.Line($"  … and {total - kind.Count()} more");
            }
        }
    }
}
