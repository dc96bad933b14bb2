namespace ModelHub.Core.Datasets.Statistics;

/// <summary>Chart data: bucket <c>i</c> counts values in [<c>Edges[i]</c>, <c>Edges[i+1]</c>); there is one more edge than counts.</summary>
public sealed record Histogram(IReadOnlyList<long> Edges, IReadOnlyList<long> Counts)
{
    public static Histogram Empty { get; } = new([], []);
}
