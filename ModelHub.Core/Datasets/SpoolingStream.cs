namespace ModelHub.Core.Datasets;

/// <summary>
/// A forward-only read stream that writes every byte it hands out to a file and stops once more than a limit has
/// passed, so an upload is validated and stored in one pass with bounded memory.
/// </summary>
internal sealed class SpoolingStream(Stream source, string spoolPath, long maxBytes) : Stream
{
    private readonly FileStream spool = new(spoolPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);

    /// <summary>Bytes read from the source (and written to the spool file) so far.</summary>
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
        if (BytesRead > maxBytes)
        {
            throw new UploadTooLargeException(maxBytes);
        }

        if (read > 0)
        {
            await spool.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Makes sure every spooled byte is on disk before the file is renamed into the store.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => spool.FlushAsync(cancellationToken);

    public override void Flush() => spool.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await spool.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            spool.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Thrown by <see cref="SpoolingStream"/> when the content passes the upload limit; caught by <see cref="UploadPass"/>.</summary>
internal sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
