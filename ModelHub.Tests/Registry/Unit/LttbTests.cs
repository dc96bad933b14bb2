using ModelHub.Core.Registry;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Registry.Unit;

public sealed class LttbTests
{
    private static List<(double X, double Y)> Noisy(int count, int seed = 7)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => ((double)i, Math.Sin(i / 50.0) + (random.NextDouble() * 0.1)))];
    }

    [Fact]
    public void A_series_shorter_than_the_threshold_comes_back_exactly()
    {
        var data = Noisy(300);
        Assert.Equal(data, Lttb.Downsample(data, 1000));
        Assert.Equal(data, Lttb.Downsample(data, 300));
    }

    [Theory]
    [InlineData(1001, 1000)]
    [InlineData(5000, 1000)]
    [InlineData(100_000, 1000)]
    [InlineData(50, 3)]
    public void Returns_at_most_threshold_points_in_order_keeping_first_and_last(int count, int threshold)
    {
        var data = Noisy(count);
        var sampled = Lttb.Downsample(data, threshold);
        Assert.True(sampled.Count <= threshold, $"{sampled.Count} > {threshold}");
        Assert.Equal(data[0], sampled[0]);
        Assert.Equal(data[^1], sampled[^1]);
        Assert.True(sampled.Zip(sampled.Skip(1)).All(p => p.First.X < p.Second.X), "points are not strictly increasing in X");
        Assert.All(sampled, p => Assert.Contains(p, data));
    }

    [Fact]
    public void Keeps_the_extremes()
    {
        var data = Noisy(20_000);
        data[7_321] = (7_321, 40);
        data[12_345] = (12_345, -40);
        var sampled = Lttb.Downsample(data, 500);
        Assert.Contains((7_321d, 40d), sampled);
        Assert.Contains((12_345d, -40d), sampled);
        Assert.Equal(data.Max(p => p.Y), sampled.Max(p => p.Y));
        Assert.Equal(data.Min(p => p.Y), sampled.Min(p => p.Y));
    }
}
