using ModelHub.Core.Common;

namespace ModelHub.Core.Mlflow;

/// <summary>The error codes the MLflow API adds to ModelHub's; the endpoints map every code to MLflow's <c>error_code</c>.</summary>
public static class MlflowErrors
{
    public const string AlreadyExistsCode = "already-exists";
    public const string RefusedCode = "governance-refused";
    public const string InvalidStateCode = "invalid-state";

    public static Error AlreadyExists(string message) => Error.Conflict(AlreadyExistsCode, message);

    /// <summary>ModelHub's governance refuses what MLflow would allow; the message says what happens instead.</summary>
    public static Error Refused(string message) => Error.Forbidden(RefusedCode, message);

    public static Error InvalidState(string message) => Error.Conflict(InvalidStateCode, message);

    public static Error Invalid(string message, string? field = null) => Error.Validation(message, field);
}
