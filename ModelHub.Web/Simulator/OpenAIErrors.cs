using System.Text.Json;
using ModelHub.Core.Common;

namespace ModelHub.Web.Simulator;

/// <summary>Errors in OpenAI's envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAIErrors
{
    public static IResult Result(int status, string message, string type, string? param, string? code) =>
        Results.Json(new { error = new { message, type, param, code } }, SimulatorWire.Json, statusCode: status);

    /// <summary>Maps an engine error: what does not exist is a 404; every other refusal is a 400, as OpenAI answers them.</summary>
    public static IResult From(Error error) => error.Kind == ErrorKind.NotFound
        ? Result(StatusCodes.Status404NotFound, error.Message, "invalid_request_error", error.Target, error.Code)
        : Result(StatusCodes.Status400BadRequest, error.Message, "invalid_request_error", error.Target, error.Code);

    public static IResult Invalid(string message, string? param, string? code = null) =>
        Result(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static IResult Unauthorized(string message) =>
        Result(StatusCodes.Status401Unauthorized, message, "invalid_request_error", null, "invalid_api_key");

    public static IResult Forbidden(string message) =>
        Result(StatusCodes.Status403Forbidden, message, "invalid_request_error", null, "insufficient_permissions");

    public static IResult TooLarge(long limit) =>
        Result(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than this route accepts ({limit:N0} bytes).", "invalid_request_error", null, "request_too_large");

    public static IResult RateLimited() =>
        Result(StatusCodes.Status429TooManyRequests, "Rate limit reached for requests (injected by the simulator). Please retry.", "requests", null, "rate_limit_exceeded");

    public static IResult ServerError() =>
        Result(StatusCodes.Status500InternalServerError, "The server had an error while processing your request (injected by the simulator).", "server_error", null, "internal_error");

    public static IResult UnknownUrl(HttpRequest request) =>
        Result(StatusCodes.Status404NotFound, $"Invalid URL ({request.Method} {request.Path})", "invalid_request_error", null, "unknown_url");

    /// <summary>Reads a JSON request body; null with <paramref name="problem"/> set when it is missing or malformed.</summary>
    public static async Task<(JsonDocument? Document, IResult? Problem)> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document, null)
                : (null, Invalid("The request body must be a JSON object.", null, "invalid_json"));
        }
        catch (JsonException)
        {
            return (null, Invalid("We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.", null, "invalid_json"));
        }
    }
}
