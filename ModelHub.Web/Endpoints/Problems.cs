using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;

namespace ModelHub.Web.Endpoints;

/// <summary>Turns domain errors into RFC 9457 ProblemDetails with a stable <c>type</c> clients can branch on.</summary>
internal static class Problems
{
    public static ProblemHttpResult From(Error error)
    {
        var status = error.Code switch
        {
            "not-found" => StatusCodes.Status404NotFound,
            "validation" or "invalid-alias" => StatusCodes.Status400BadRequest,
            "forbidden" or "four-eyes" => StatusCodes.Status403Forbidden,
            // stale-request, gate-not-passed, invalid-transition and other refusals of the current state.
            _ => StatusCodes.Status409Conflict,
        };
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
