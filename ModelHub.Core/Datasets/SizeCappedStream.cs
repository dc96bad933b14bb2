namespace ModelHub.Core.Datasets;

/// <summary>A forward-only read stream that stops with <see cref="UploadTooLargeException"/> once more than a limit has passed,
/// so an upload over the limit is refused while it streams, never after it has been stored whole.</summary>
internal sealed class SizeCappedStream(Stream source, long maxBytes) : Stream
{
    /// <summary>Bytes read from the source so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        BytesRead += read;
        return BytesRead > maxBytes ? throw new UploadTooLargeException(maxBytes) : read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Thrown by <see cref="SizeCappedStream"/> when the content passes the upload limit; caught by <see cref="UploadPass"/>.</summary>
internal sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
