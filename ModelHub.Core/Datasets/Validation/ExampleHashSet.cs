using System.Runtime.CompilerServices;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Remembers the first line of each example by an 8-byte content hash in 12 bytes a slot, for duplicate detection in bounded memory.</summary>
/// <remarks>Open addressing with linear probing: a <see cref="Dictionary{TKey,TValue}"/> needs twice the bytes per example,
/// which for a million examples is the difference between ~20 MB and ~45 MB at peak.</remarks>
internal sealed class ExampleHashSet
{
    private ulong[] hashes = new ulong[1024];
    private int[] lines = new int[1024];
    private int count;

    public int Count => count;

    /// <summary>Adds the hash; false, with the line it was first seen on, when it was already there.</summary>
    // Called once per example from a loop that runs once per file: optimised from the first call (see LineChecker).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAdd(ulong hash, int line, out int firstLine)
    {
        // 0 marks an empty slot; folding it onto 1 costs one more collision in 2^64.
        hash = hash == 0 ? 1 : hash;
        if ((count + 1) * 4 > hashes.Length * 3)
        {
            Grow();
        }

        var mask = hashes.Length - 1;
        var slot = (int)(hash & (ulong)mask);
        while (hashes[slot] != 0)
        {
            if (hashes[slot] == hash)
            {
                firstLine = lines[slot];
                return false;
            }

            slot = (slot + 1) & mask;
        }

        hashes[slot] = hash;
        lines[slot] = line;
        count++;
        firstLine = line;
        return true;
    }

    private void Grow()
    {
        var (oldHashes, oldLines) = (hashes, lines);
        hashes = new ulong[oldHashes.Length * 2];
        lines = new int[oldHashes.Length * 2];
        count = 0;
        for (var i = 0; i < oldHashes.Length; i++)
        {
            if (oldHashes[i] != 0)
            {
                TryAdd(oldHashes[i], oldLines[i], out _);
            }
        }
    }
}
