using System.Net;

namespace ModelHub.Cli.Api;

/// <summary>A file streamed into a request body, reporting the bytes sent so far.</summary>
internal sealed class UploadContent(FileInfo file, IProgress<long> progress) : HttpContent
{
    private const int ChunkBytes = 81920;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = file.OpenRead();
        var buffer = new byte[ChunkBytes];
        long sent = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            sent += read;
            progress.Report(sent);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = file.Length;
        return true;
    }
}
