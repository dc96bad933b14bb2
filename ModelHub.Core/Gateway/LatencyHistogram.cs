using System.Globalization;
using System.Text;

namespace ModelHub.Core.Gateway;

/// <summary>
/// Latencies in log-spaced buckets (each 25 % wider than the last, from 0.5 ms), so minutes can be summed and their
/// percentiles read back within one bucket's width without keeping every request.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Bucket count: the last one holds everything above about 80 s.</summary>
    public const int BucketCount = 56;

    private const double First = 0.5;
    private const double Growth = 1.25;
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly long[] counts = new long[BucketCount];

    public long Count { get; private set; }

    /// <summary>The bucket a latency falls in.</summary>
    public static int Bucket(double ms) =>
        ms <= First ? 0 : Math.Min(BucketCount - 1, (int)Math.Ceiling(Math.Log(ms / First) / LogGrowth));

    /// <summary>The upper bound of a bucket in milliseconds.</summary>
    public static double UpperBound(int bucket) => First * Math.Pow(Growth, bucket);

    public void Add(double ms) => Add(Bucket(ms), 1);

    public void Add(int bucket, long count)
    {
        counts[bucket] += count;
        Count += count;
    }

    /// <summary>Adds a stored <see cref="UsageMinute.LatencyBuckets"/> text; parts it cannot read are skipped.</summary>
    public void Add(string stored)
    {
        foreach (var part in stored.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && int.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var bucket) && bucket < BucketCount
                && long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                Add(bucket, count);
            }
        }
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the requests fall (a bucket's upper bound); null when empty.</summary>
    public double? Percentile(double quantile)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * Count));
        long seen = 0;
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            seen += counts[bucket];
            if (seen >= rank)
            {
                return UpperBound(bucket);
            }
        }

        return UpperBound(BucketCount - 1);
    }

    /// <summary>The stored form: non-empty buckets as <c>bucket:count</c> joined by <c>;</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var bucket = 0; bucket < BucketCount; bucket++)
        {
            if (counts[bucket] > 0)
            {
                text.Append(text.Length == 0 ? "" : ";").Append(CultureInfo.InvariantCulture, $"{bucket}:{counts[bucket]}");
            }
        }

        return text.ToString();
    }
}
