namespace ModelHub.Core.Datasets.Statistics;

/// <summary>Exact distribution of non-negative integers kept as value → count, so memory grows with distinct values, not with examples.</summary>
internal sealed class ValueFrequencies
{
    private readonly Dictionary<int, long> counts = [];

    public long Count { get; private set; }

    public long Sum { get; private set; }

    public void Add(int value)
    {
        counts[value] = counts.GetValueOrDefault(value) + 1;
        Count++;
        Sum += value;
    }

    public void Add(ValueFrequencies other)
    {
        foreach (var (value, count) in other.counts)
        {
            counts[value] = counts.GetValueOrDefault(value) + count;
        }

        Count += other.Count;
        Sum += other.Sum;
    }

    public Distribution? ToDistribution()
    {
        if (Count == 0)
        {
            return null;
        }

        var sorted = Sorted();
        return new Distribution(
            sorted[0].Value,
            Percentile(sorted, 0.5),
            Percentile(sorted, 0.9),
            sorted[^1].Value,
            (double)Sum / Count);
    }

    public Histogram ToHistogram(int buckets)
    {
        if (Count == 0 || buckets < 1)
        {
            return Histogram.Empty;
        }

        var sorted = Sorted();
        long min = sorted[0].Value, max = sorted[^1].Value;
        var width = Math.Max(1, (max - min + buckets) / buckets);
        var bucketCount = (int)((max - min) / width) + 1;
        var counts = new long[bucketCount];
        foreach (var (value, count) in sorted)
        {
            counts[(value - min) / width] += count;
        }

        var edges = Enumerable.Range(0, bucketCount + 1).Select(i => min + (i * width)).ToArray();
        return new Histogram(edges, counts);
    }

    private List<(int Value, long Count)> Sorted() =>
        counts.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToList();

    private double Percentile(List<(int Value, long Count)> sorted, double p)
    {
        var h = (Count - 1) * p;
        var lo = (long)Math.Floor(h);
        var hi = (long)Math.Ceiling(h);
        double low = ValueAtRank(sorted, lo), high = ValueAtRank(sorted, hi);
        return low + ((h - lo) * (high - low));
    }

    private static int ValueAtRank(List<(int Value, long Count)> sorted, long rank)
    {
        long seen = 0;
        foreach (var (value, count) in sorted)
        {
            seen += count;
            if (rank < seen)
            {
                return value;
            }
        }

        return sorted[^1].Value;
    }
}
