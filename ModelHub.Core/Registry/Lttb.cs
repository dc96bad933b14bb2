namespace ModelHub.Core.Registry;

/// <summary>Largest-Triangle-Three-Buckets downsampling: keeps a curve's visual shape with at most N points.</summary>
public static class Lttb
{
    /// <summary>
    /// At most <paramref name="threshold"/> points of <paramref name="data"/> (sorted by X): the first and last always,
    /// then per bucket the point forming the largest triangle with the previous pick and the next bucket's average.
    /// A series no longer than the threshold (or a threshold below 3) comes back as an exact copy.
    /// </summary>
    public static IReadOnlyList<(double X, double Y)> Downsample(IReadOnlyList<(double X, double Y)> data, int threshold)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (threshold >= data.Count || threshold < 3)
        {
            return threshold < 3 && data.Count > threshold && threshold > 0
                ? Ends(data, threshold)
                : data.ToArray();
        }

        var sampled = new (double X, double Y)[threshold];
        var bucketSize = (double)(data.Count - 2) / (threshold - 2);
        var a = 0;
        sampled[0] = data[0];
        for (var i = 0; i < threshold - 2; i++)
        {
            // Average of the next bucket (the last point when this is the last bucket).
            var nextStart = (int)Math.Floor((i + 1) * bucketSize) + 1;
            var nextEnd = Math.Min((int)Math.Floor((i + 2) * bucketSize) + 1, data.Count);
            double avgX = 0, avgY = 0;
            for (var j = nextStart; j < nextEnd; j++)
            {
                avgX += data[j].X;
                avgY += data[j].Y;
            }

            var nextCount = nextEnd - nextStart;
            if (nextCount > 0)
            {
                avgX /= nextCount;
                avgY /= nextCount;
            }
            else
            {
                (avgX, avgY) = data[^1];
            }

            var start = (int)Math.Floor(i * bucketSize) + 1;
            var end = (int)Math.Floor((i + 1) * bucketSize) + 1;
            var (ax, ay) = data[a];
            var maxArea = -1d;
            var picked = start;
            for (var j = start; j < end; j++)
            {
                var area = Math.Abs(((ax - avgX) * (data[j].Y - ay)) - ((ax - data[j].X) * (avgY - ay)));
                if (area > maxArea)
                {
                    maxArea = area;
                    picked = j;
                }
            }

            sampled[i + 1] = data[picked];
            a = picked;
        }

        sampled[^1] = data[^1];
        return sampled;
    }

    private static (double X, double Y)[] Ends(IReadOnlyList<(double X, double Y)> data, int threshold) =>
        threshold == 1 ? [data[0]] : [data[0], data[^1]];
}
