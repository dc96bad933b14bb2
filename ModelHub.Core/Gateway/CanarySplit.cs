using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Core.Gateway;

/// <summary>A model's canary as routing reads it: the share and the two versions it holds for.</summary>
public sealed record CanarySplit(string Model, int Percent, int ProductionVersion, int StagingVersion, DateTimeOffset StartedAt)
{
    /// <summary>
    /// True when <paramref name="stickyKey"/> falls in the canary's share: a hash of model and key into 10,000 buckets,
    /// so one caller (or sticky key) always lands on the same side while the percentage stays the same.
    /// </summary>
    public bool Chooses(string stickyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(Model + "\n" + stickyKey), hash);
        var bucket = BinaryPrimitives.ReadUInt32BigEndian(hash) % 10_000;
        return bucket < Percent * 100;
    }
}
