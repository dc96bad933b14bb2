namespace ModelHub.Core.Common;

/// <summary>What kind of failure an <see cref="Error"/> is; callers (the API's status codes, pages) decide on this, never on the code string.</summary>
public enum ErrorKind
{
    /// <summary>The input is wrong; sending the same request again cannot succeed.</summary>
    Validation,

    /// <summary>The thing asked about does not exist (or the caller may not know it exists).</summary>
    NotFound,

    /// <summary>The caller may not do this (four eyes, a missing right).</summary>
    Forbidden,

    /// <summary>The request is valid but refused in the current state (stale request, gate not passed, provider refusal).</summary>
    Conflict,
}

/// <summary>A failure the caller must decide about: its kind, a stable machine code and a message a person can act on.</summary>
public sealed record Error(ErrorKind Kind, string Code, string Message)
{
    /// <summary>Where the problem is, when it has a place (a file line, a field); null otherwise.</summary>
    public string? Target { get; init; }

    public static Error NotFound(string what) => new(ErrorKind.NotFound, "not-found", $"{what} was not found.");

    public static Error Validation(string message, string? target = null) => new(ErrorKind.Validation, "validation", message) { Target = target };

    /// <summary>A validation failure with its own code (e.g. <c>invalid-alias</c>), so clients can tell it apart from a plain <c>validation</c>.</summary>
    public static Error Invalid(string code, string message, string? target = null) => new(ErrorKind.Validation, code, message) { Target = target };

    public static Error Conflict(string code, string message) => new(ErrorKind.Conflict, code, message);

    public static Error Forbidden(string code, string message) => new(ErrorKind.Forbidden, code, message);
}

/// <summary>Either a value or an <see cref="Error"/>; used where failure is an expected outcome, not a bug.</summary>
public readonly record struct Result<T> : IOutcome
{
    private readonly T? value;

    private Result(T? value, Error? error)
    {
        this.value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool Succeeded => Error is null;

    public T Value => Error is null
        ? value!
        : throw new InvalidOperationException($"Result has no value: {Error.Code}: {Error.Message}");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
