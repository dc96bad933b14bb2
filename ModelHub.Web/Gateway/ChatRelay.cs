using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using ModelHub.Web.Simulator;

namespace ModelHub.Web.Gateway;

/// <summary>How a relayed call ended, for the usage record.</summary>
internal readonly record struct RelayOutcome(int Status, int InputTokens, int OutputTokens, long FirstByteAt);

/// <summary>
/// Copies the provider's answer to the caller as it arrives: a completion byte for byte, a stream event by event (each
/// flushed at once), reading the tokens from <c>usage</c> on the way. Provider failures become OpenAI error objects.
/// </summary>
internal static class ChatRelay
{
    /// <summary>Usage is read from at most this much of a plain completion; the caller still gets all of it.</summary>
    private const int MaxScannedBytes = 4 << 20;

    // Passed on with a 429 so callers can back off as the provider asks.
    private static readonly string[] RateLimitHeaders =
        ["Retry-After", "retry-after-ms", "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
         "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"];

    public static async Task<RelayOutcome> RelayAsync(HttpContext http, HttpResponseMessage upstream, bool stream, bool callerAskedForUsage, CancellationToken ct)
    {
        var status = (int)upstream.StatusCode;
        if (status is >= 200 and < 300)
        {
            var body = await upstream.Content.ReadAsStreamAsync(ct);
            return stream
                ? await RelayStreamAsync(http, body, callerAskedForUsage, ct)
                : await RelayCompletionAsync(http, upstream, body, ct);
        }

        if (status == StatusCodes.Status429TooManyRequests)
        {
            foreach (var name in RateLimitHeaders)
            {
                if (upstream.Headers.TryGetValues(name, out var values))
                {
                    http.Response.Headers[name] = values.ToArray();
                }
            }

            await PassErrorAsync(http, upstream, status, "The provider's rate limit was reached; retry after the time in Retry-After.", "rate_limit_exceeded", ct);
            return new RelayOutcome(status, 0, 0, Stopwatch.GetTimestamp());
        }

        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or >= 500)
        {
            // The provider refused ModelHub's own key, or failed: the caller can do nothing about either but wait.
            var message = status >= 500
                ? $"The provider failed to answer (HTTP {status}); try again later."
                : "The provider refused ModelHub's provider key; an administrator must check the HolySheep key.";
            await WriteErrorAsync(http, StatusCodes.Status502BadGateway, message, "server_error", "provider_error");
            return new RelayOutcome(StatusCodes.Status502BadGateway, 0, 0, Stopwatch.GetTimestamp());
        }

        // Any other 4xx is about the caller's request (a bad parameter): theirs to read, as the provider wrote it.
        await PassErrorAsync(http, upstream, status, $"The provider refused the request (HTTP {status}).", "provider_refused", ct);
        return new RelayOutcome(status, 0, 0, Stopwatch.GetTimestamp());
    }

    public static Task WriteErrorAsync(HttpContext http, int status, string message, string type, string? code, string? param = null) =>
        OpenAIErrors.Result(status, message, type, param, code).ExecuteAsync(http);

    private static async Task PassErrorAsync(HttpContext http, HttpResponseMessage upstream, int status, string fallback, string code, CancellationToken ct)
    {
        var bytes = await upstream.Content.ReadAsByteArrayAsync(ct);
        if (upstream.Content.Headers.ContentType?.MediaType == "application/json" && bytes.Length is > 0 and < 64 * 1024)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(bytes, ct);
            return;
        }

        await WriteErrorAsync(http, status, fallback, status == StatusCodes.Status429TooManyRequests ? "requests" : "invalid_request_error", code);
    }

    private static async Task<RelayOutcome> RelayCompletionAsync(HttpContext http, HttpResponseMessage upstream, Stream body, CancellationToken ct)
    {
        http.Response.StatusCode = (int)upstream.StatusCode;
        http.Response.ContentType = upstream.Content.Headers.ContentType?.ToString() ?? "application/json";
        if (upstream.Content.Headers.ContentLength is { } length)
        {
            http.Response.ContentLength = length;
        }

        var scanned = new ArrayBufferWriter<byte>(4096);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long firstByteAt = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                await http.Response.Body.WriteAsync(chunk.AsMemory(0, read), ct);
                if (firstByteAt == 0)
                {
                    firstByteAt = Stopwatch.GetTimestamp();
                }

                if (scanned.WrittenCount + read <= MaxScannedBytes)
                {
                    scanned.Write(chunk.AsSpan(0, read));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        UsageFields.TryRead(scanned.WrittenMemory, out var input, out var output, out _);
        return new RelayOutcome(http.Response.StatusCode, input, output, firstByteAt == 0 ? Stopwatch.GetTimestamp() : firstByteAt);
    }

    private static async Task<RelayOutcome> RelayStreamAsync(HttpContext http, Stream body, bool callerAskedForUsage, CancellationToken ct)
    {
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";

        var reader = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
        var output = http.Response.BodyWriter;
        int input = 0, completion = 0;
        long firstByteAt = 0;
        var skipBlankLine = false;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                var buffer = result.Buffer;
                var wrote = false;
                while (TryTakeLine(ref buffer, out var line))
                {
                    if (skipBlankLine && IsBlank(line))
                    {
                        skipBlankLine = false;
                        continue;
                    }

                    if (IsUsageEvent(line, out var payload) && UsageFields.TryRead(payload, out var i, out var o, out var usageOnly))
                    {
                        input = i;
                        completion = o;
                        if (usageOnly && !callerAskedForUsage)
                        {
                            // ModelHub asked for this chunk for metering; a caller that did not ask does not get it.
                            skipBlankLine = true;
                            continue;
                        }
                    }

                    Write(output, line);
                    wrote = true;
                }

                if (result.IsCompleted && !buffer.IsEmpty)
                {
                    Write(output, buffer);
                    wrote = true;
                    buffer = buffer.Slice(buffer.End);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (wrote)
                {
                    await output.FlushAsync(ct);
                    if (firstByteAt == 0)
                    {
                        firstByteAt = Stopwatch.GetTimestamp();
                    }
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }

        return new RelayOutcome(StatusCodes.Status200OK, input, completion, firstByteAt == 0 ? Stopwatch.GetTimestamp() : firstByteAt);
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        if (buffer.PositionOf((byte)'\n') is not { } end)
        {
            line = default;
            return false;
        }

        var next = buffer.GetPosition(1, end);
        line = buffer.Slice(0, next);
        buffer = buffer.Slice(next);
        return true;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line) => line.Length <= 2 && line.FirstSpan[0] is (byte)'\n' or (byte)'\r';

    private static bool IsUsageEvent(ReadOnlySequence<byte> line, out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        var bytes = line.IsSingleSegment ? line.First : line.ToArray();
        if (!bytes.Span.StartsWith("data:"u8) || !UsageFields.MayHoldUsage(bytes.Span))
        {
            return false;
        }

        payload = bytes[5..];
        return true;
    }

    private static void Write(PipeWriter output, ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            output.Write(segment.Span);
        }
    }
}
