namespace ModelHub.Core.Common;

/// <summary>A failure the caller must decide about: a stable machine code and a message a person can act on.</summary>
public sealed record Error(string Code, string Message)
{
    /// <summary>Where the problem is, when it has a place (a file line, a field); null otherwise.</summary>
    public string? Target { get; init; }

    public static Error NotFound(string what) => new("not-found", $"{what} was not found.");
    public static Error Validation(string message, string? target = null) => new("validation", message) { Target = target };
    public static Error Conflict(string code, string message) => new(code, message);
    public static Error Forbidden(string code, string message) => new(code, message);
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
