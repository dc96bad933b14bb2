using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;

namespace ModelHub.Web.Endpoints;

/// <summary>Turns domain errors into RFC 9457 ProblemDetails with a stable <c>type</c> clients can branch on.</summary>
internal static class Problems
{
    public static ProblemHttpResult From(Error error)
    {
        var status = StatusFor(error.Kind);
        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.Target is not null)
        {
            extensions["field"] = error.Target;
        }

        return TypedResults.Problem(
            detail: error.Message,
            statusCode: status,
            title: Title(error.Code),
            type: error.Code,
            extensions: extensions);
    }

    /// <summary>The HTTP status of each kind of error; a new error code needs no change here.</summary>
    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every error kind needs a status."),
    };

    private static string Title(string code) => code switch
    {
        "not-found" => "Not found",
        "validation" => "Invalid request",
        "four-eyes" => "A second person must approve",
        "stale-request" => "The request is stale",
        "gate-not-passed" => "The gate has not passed",
        "invalid-transition" => "Invalid stage transition",
        _ => char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' '),
    };
}
