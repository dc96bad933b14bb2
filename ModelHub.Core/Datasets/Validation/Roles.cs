namespace ModelHub.Core.Datasets.Validation;

/// <summary>The chat roles OpenAI's fine-tuning format accepts, with a "did you mean" for typos.</summary>
internal static class Roles
{
    public static readonly string[] Known = ["system", "user", "assistant", "tool"];

    public static string Suggest(string role)
    {
        var best = Known.Select(k => (Role: k, Distance: Distance(role.ToLowerInvariant(), k)))
                        .MinBy(x => x.Distance);
        return best.Distance <= 2 ? $" Did you mean \"{best.Role}\"?" : string.Empty;
    }

    // Plain Levenshtein: roles are a handful of short words, so the quadratic table is nothing.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
