using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// MLflow's <c>name LIKE</c> (case-sensitive) and <c>name ILIKE</c> (case-insensitive) over ModelHub's model names.
/// Names are lowercase ASCII (<see cref="RegisteredModel.IsValidName"/>), so ILIKE is LIKE of the lowercased pattern,
/// and a LIKE pattern with an uppercase letter matches nothing. SQLite's own LIKE ignores case and therefore cannot
/// use the name index; on SQLite the pattern's literal prefix is also given as a range on the name (exact under its
/// binary collation), which can.
/// </summary>
internal static class ModelNameLike
{
    public static IQueryable<RegisteredModel> Matching(ModelHubDbContext db, IQueryable<RegisteredModel> models, string op, string pattern) =>
        Matching(db, models, m => m.Name, op, pattern);

    /// <summary>
    /// Versions whose model's name matches, as a condition on the joined model rather than an <c>IN</c> over matching
    /// model ids: SQLite then reads the matching names from the name index and each model's versions from its own
    /// (half the time of the <c>IN</c> form for a page of 100, measured on 100,000 versions).
    /// </summary>
    public static IQueryable<ModelVersion> Matching(ModelHubDbContext db, IQueryable<ModelVersion> versions, string op, string pattern) =>
        Matching(db, versions, v => v.RegisteredModel!.Name, op, pattern);

    private static IQueryable<T> Matching<T>(ModelHubDbContext db, IQueryable<T> rows, Expression<Func<T, string>> name, string op, string pattern)
    {
        if (op == "ILIKE")
        {
            pattern = pattern.ToLowerInvariant();
        }
        else if (pattern.Any(char.IsUpper))
        {
            return rows.Where(_ => false);
        }

        rows = rows.Where(On(name, n => EF.Functions.Like(n, pattern)));
        var prefix = pattern[..IndexOfWildcard(pattern)];
        if (prefix.Length == 0 || !prefix.All(char.IsAscii) || !db.Database.IsSqlite())
        {
            return rows;
        }

        var above = prefix[..^1] + (char)(prefix[^1] + 1);
        return rows.Where(On(name, n => string.Compare(n, prefix) >= 0 && string.Compare(n, above) < 0));
    }

    /// <summary>A condition on the name, applied to whatever row <paramref name="name"/> reads it from.</summary>
    private static Expression<Func<T, bool>> On<T>(Expression<Func<T, string>> name, Expression<Func<string, bool>> condition) =>
        Expression.Lambda<Func<T, bool>>(ReplacingExpressionVisitor.Replace(condition.Parameters[0], name.Body, condition.Body), name.Parameters);

    private static int IndexOfWildcard(string pattern)
    {
        var at = pattern.IndexOfAny(['%', '_']);
        return at < 0 ? pattern.Length : at;
    }
}
