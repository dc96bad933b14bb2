namespace ModelHub.Web.Endpoints;

/// <summary>
/// The request body of an upload, read forward once, remembering whether it ended or broke: an <see cref="IOException"/>
/// after that is the client's (a truncated or aborted upload, answered 400), any other is the server's (a full disk).
/// </summary>
internal sealed class UploadBody(Stream inner) : Stream
{
    /// <summary>True once the body returned its end or a read from it failed.</summary>
    public bool EndedOrFailed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Observed(() => inner.Read(buffer, offset, count), count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            EndedOrFailed |= read == 0 && buffer.Length > 0;
            return read;
        }
        catch (IOException)
        {
            EndedOrFailed = true;
            throw;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Observed(Func<int> read, int count)
    {
        try
        {
            var n = read();
            EndedOrFailed |= n == 0 && count > 0;
            return n;
        }
        catch (IOException)
        {
            EndedOrFailed = true;
            throw;
        }
    }
}
