using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Finds examples seen before anywhere in the file, in shards by content hash so that several threads decide a
/// chunk's duplicates at once, while the next chunk is being checked.</summary>
/// <remarks>Within a shard, examples arrive in line order, so "same as line N" always names the first copy. Deciding
/// duplicates between chunks instead held every other core idle for a tenth of each chunk.</remarks>
internal sealed class DuplicateFinder
{
    // A shard is named by the hash's top bits.
    private const int ShardBits = 3;

    /// <summary>More than there are threads, so that no thread is left waiting on the last shard.</summary>
    public const int Shards = 1 << ShardBits;

    // 8-byte content hashes → first line seen: enough to tell millions of examples apart (collision odds ~1e-7).
    private readonly ExampleHashSet[] seen = [.. Enumerable.Range(0, Shards).Select(_ => new ExampleHashSet())];

    public DuplicateFinder(int maxIssuesPerKind) =>
        Issues = [.. Enumerable.Range(0, Shards).Select(_ => new IssueCollector(maxIssuesPerKind))];

    /// <summary>One collector per shard, each in line order.</summary>
    public IssueCollector[] Issues { get; }

    /// <summary>Adds to <paramref name="shard"/> the examples of the first <paramref name="count"/> pieces whose hash
    /// falls in it, and reports each one seen before. Pieces must come in line order and know their <see cref="PieceResult.LinesBefore"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Find(int shard, List<PieceResult> pieces, int count)
    {
        var set = seen[shard];
        for (var p = 0; p < count; p++)
        {
            var piece = pieces[p];
            foreach (var (hash, relative) in CollectionsMarshal.AsSpan(piece.Examples))
            {
                if ((int)(hash >> (64 - ShardBits)) != shard)
                {
                    continue;
                }

                var line = relative + piece.LinesBefore;
                if (!set.TryAdd(hash, line, out var first))
                {
                    Issues[shard].Add(line, IssueKinds.DuplicateExample, null, $"Same example as line {first}; duplicates weigh it twice in training.");
                }
            }
        }
    }
}
