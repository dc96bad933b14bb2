using System.Buffers.Binary;

namespace ModelHub.Core.Registry;

/// <summary>
/// A version's curve of one metric as compare draws it, LTTB-downsampled once when the version is registered, so
/// comparing a 1,000,000-step run reads at most <see cref="CompareVersions.MaxPointsPerSeries"/> points per metric.
/// </summary>
public sealed class MetricSeries
{
    // One point: the step as a little-endian int32, then the value as a little-endian IEEE double.
    private const int PointSize = sizeof(int) + sizeof(double);

    public long Id { get; set; }

    public int ModelVersionId { get; set; }

    public ModelVersion? ModelVersion { get; set; }

    public required string Name { get; set; }

    /// <summary>How many points the job reported before downsampling.</summary>
    public int OriginalPoints { get; set; }

    /// <summary>The downsampled points, encoded by <see cref="Encode"/>: one binary column instead of 1,000 rows.</summary>
    public required byte[] Points { get; set; }

    /// <summary>Packs (step, value) points in step order.</summary>
    public static byte[] Encode(IReadOnlyList<(double X, double Y)> points)
    {
        var bytes = new byte[points.Count * PointSize];
        for (var i = 0; i < points.Count; i++)
        {
            var span = bytes.AsSpan(i * PointSize, PointSize);
            BinaryPrimitives.WriteInt32LittleEndian(span, (int)points[i].X);
            BinaryPrimitives.WriteDoubleLittleEndian(span[sizeof(int)..], points[i].Y);
        }

        return bytes;
    }

    /// <summary>The steps and values <see cref="Points"/> holds.</summary>
    public (int[] Steps, double[] Values) Decode()
    {
        var count = Points.Length / PointSize;
        var steps = new int[count];
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var span = Points.AsSpan(i * PointSize, PointSize);
            steps[i] = BinaryPrimitives.ReadInt32LittleEndian(span);
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(span[sizeof(int)..]);
        }

        return (steps, values);
    }
}
