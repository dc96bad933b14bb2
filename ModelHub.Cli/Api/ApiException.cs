namespace ModelHub.Cli.Api;

/// <summary>ModelHub answered with an error status; <see cref="Problem"/> says why.</summary>
public sealed class ApiException(int status, ApiProblem problem)
    : Exception(problem.Detail ?? problem.Title ?? $"ModelHub answered {status}.")
{
    public int Status { get; } = status;

    public ApiProblem Problem { get; } = problem;
}
