namespace ModelHub.Core.Simulator;

/// <summary>One page of a list, newest first, with whether older items remain.</summary>
public sealed record SimPage<T>(IReadOnlyList<T> Data, bool HasMore)
{
    /// <summary>Pages <paramref name="newestFirst"/>: items after the one with id <paramref name="after"/>, at most <paramref name="limit"/>.</summary>
    public static SimPage<T> From(IReadOnlyList<T> newestFirst, Func<T, string> id, string? after, int limit)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            var index = newestFirst.Select(id).ToList().IndexOf(after);
            start = index < 0 ? newestFirst.Count : index + 1;
        }

        var page = newestFirst.Skip(start).Take(limit).ToList();
        return new SimPage<T>(page, start + page.Count < newestFirst.Count);
    }
}
