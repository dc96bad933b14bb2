using Microsoft.AspNetCore.Http.Features;

namespace ModelHub.Web.Simulator;

/// <summary>Endpoint metadata: the largest request body a simulator route accepts, when it is not the JSON default.</summary>
internal sealed record SimulatorBodyLimit(long Bytes)
{
    /// <summary>Chat and job requests are small JSON documents; a megabyte leaves room for long prompts.</summary>
    public static readonly SimulatorBodyLimit Json = new(1 << 20);

    /// <summary>Room for a multipart envelope (boundaries, headers, the purpose field) around an uploaded file.</summary>
    public const long EnvelopeBytes = 64 * 1024;
}

/// <summary>
/// Refuses bodies over the route's limit with a 413 before they are read (by Content-Length) or while they are read
/// (chunked bodies, through the server's limit), and turns a body that breaks off into a 400: in OpenAI's error shape.
/// </summary>
internal sealed class SimulatorBodyLimitFilter(ILogger<SimulatorBodyLimitFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var limit = (http.GetEndpoint()?.Metadata.GetMetadata<SimulatorBodyLimit>() ?? SimulatorBodyLimit.Json).Bytes;
        if (http.Request.ContentLength > limit)
        {
            return OpenAIErrors.TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = limit;
        }

        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException ex) when (!http.Response.HasStarted)
        {
            return ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? OpenAIErrors.TooLarge(limit)
                : OpenAIErrors.Invalid("The request body could not be read: " + ex.Message, null, "invalid_body");
        }
        catch (Exception ex) when ((ex is IOException or InvalidDataException) && !http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // A multipart body that is cut short or malformed: the reader's message says what is wrong, not whose data it is.
            logger.LogInformation("Simulator refused an unreadable {Method} {Path} body: {Reason}", http.Request.Method, http.Request.Path, ex.Message);
            return OpenAIErrors.Invalid("The request body is not a complete multipart/form-data or JSON body: " + ex.Message, null, "invalid_body");
        }
    }
}
