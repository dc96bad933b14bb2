using Microsoft.EntityFrameworkCore;
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
    public static IQueryable<RegisteredModel> Matching(ModelHubDbContext db, IQueryable<RegisteredModel> models, string op, string pattern)
    {
        if (op == "ILIKE")
        {
            pattern = pattern.ToLowerInvariant();
        }
        else if (pattern.Any(char.IsUpper))
        {
            return models.Where(m => false);
        }

        models = models.Where(m => EF.Functions.Like(m.Name, pattern));
        var prefix = pattern[..IndexOfWildcard(pattern)];
        if (prefix.Length == 0 || !prefix.All(char.IsAscii) || !db.Database.IsSqlite())
        {
            return models;
        }

        var above = prefix[..^1] + (char)(prefix[^1] + 1);
        return models.Where(m => string.Compare(m.Name, prefix) >= 0 && string.Compare(m.Name, above) < 0);
    }

    private static int IndexOfWildcard(string pattern)
    {
        var at = pattern.IndexOfAny(['%', '_']);
        return at < 0 ? pattern.Length : at;
    }
}
