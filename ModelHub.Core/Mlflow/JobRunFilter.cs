using System.Text.RegularExpressions;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Applies a runs/search condition to a job's run in memory (a model has few jobs); the conditions were already checked
/// against the grammar the logged runs' query accepts, so both kinds answer the same filters.
/// </summary>
public static class JobRunFilter
{
    public static bool Matches(RunView run, FilterCondition c)
    {
        string? value = c.Target switch
        {
            FilterTarget.Tag => run.Data.Tags.FirstOrDefault(t => t.Key == c.Key)?.Value,
            FilterTarget.Param => run.Data.Params.FirstOrDefault(p => p.Key == c.Key)?.Value,
            _ => c.Key switch
            {
                "run_id" => run.Info.RunId,
                "status" => run.Info.Status,
                "run_name" => run.Info.RunName,
                _ => null,
            },
        };
        return c.Op switch
        {
            "=" => value == c.Value,
            // As the logged runs' query: a run without the tag or param is one whose value differs.
            "!=" => value != c.Value,
            "LIKE" => value is not null && Like(c.Value, RegexOptions.None).IsMatch(value),
            "ILIKE" => value is not null && Like(c.Value, RegexOptions.IgnoreCase).IsMatch(value),
            _ => false,
        };
    }

    private static Regex Like(string pattern, RegexOptions options) =>
        new("^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$",
            options | RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
