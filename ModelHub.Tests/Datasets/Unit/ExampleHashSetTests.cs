using ModelHub.Core.Datasets.Validation;

using ModelHub.Tests.Datasets.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Unit;

public class ExampleHashSetTests
{
    [Fact]
    public void Remembers_the_first_line_of_every_hash_through_growth()
    {
        var set = new ExampleHashSet();
        var random = new Random(1);
        var hashes = Enumerable.Range(0, 50_000).Select(_ => (ulong)random.NextInt64()).Append(0UL).Distinct().ToArray();

        for (var i = 0; i < hashes.Length; i++)
        {
            Assert.True(set.TryAdd(hashes[i], i + 1, out _));
        }

        for (var i = 0; i < hashes.Length; i++)
        {
            Assert.False(set.TryAdd(hashes[i], 999_999, out var first));
            Assert.Equal(i + 1, first);
        }

        Assert.Equal(hashes.Length, set.Count);
    }
}
