using System.Security.Cryptography;

namespace ModelHub.Core.Datasets.Validation;

/// <summary>Fills the validator's buffers from the stream, hashing every byte in stream order and copying it to the upload's temp file.</summary>
internal sealed class ChunkReader(Stream content, bool hash, Stream? copyTo, IProgress<long>? bytesRead) : IDisposable
{
    private readonly IncrementalHash? sha = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    /// <summary>Bytes read so far.</summary>
    public long Total { get; private set; }

    /// <summary>Reads into <paramref name="buffer"/> from <paramref name="offset"/> until it is full or the stream ends.</summary>
    /// <remarks>Network streams hand out a few KB a read: filling the buffer keeps each chunk large enough to split across workers.</remarks>
    public async Task<(int Read, bool Eof)> FillAsync(byte[] buffer, int offset, CancellationToken ct)
    {
        var at = offset;
        var eof = false;
        while (at < buffer.Length)
        {
            var read = await content.ReadAsync(buffer.AsMemory(at), ct).ConfigureAwait(false);
            if (read == 0)
            {
                eof = true;
                break;
            }

            at += read;
            Total += read;
            bytesRead?.Report(Total);
        }

        // The file write runs on the I/O thread pool while this thread hashes the same bytes: neither waits for the other.
        var writing = copyTo is null || at == offset ? Task.CompletedTask : copyTo.WriteAsync(buffer, offset, at - offset, ct);
        sha?.AppendData(buffer, offset, at - offset);
        await writing.ConfigureAwait(false);
        return (at - offset, eof);
    }

    /// <summary>Lower-case hex SHA-256 of every byte read; empty when hashing is off.</summary>
    public string Sha256() => sha is null ? string.Empty : Convert.ToHexStringLower(sha.GetHashAndReset());

    public void Dispose() => sha?.Dispose();
}
