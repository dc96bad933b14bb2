namespace ModelHub.Cli;

/// <summary>The exit codes a CI step branches on; the README lists them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran, the outcome is bad: a job failed, a gate failed, a wait timed out, the audit chain is broken.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, an invalid dataset, something that does not exist, or no URL/token configured.</summary>
    public const int InvalidInput = 2;

    /// <summary>ModelHub said no: the token or role is refused, four-eyes, a stale or rejected request, a stage rule.</summary>
    public const int Refused = 3;

    /// <summary>No answer from ModelHub: connection refused, DNS, timeout, or a 5xx from it or a proxy in front of it.</summary>
    public const int Unreachable = 4;

    /// <summary>The exit code of an HTTP error status.</summary>
    public static int ForStatus(int status) => status switch
    {
        401 or 403 or 409 => Refused,
        >= 500 => Unreachable,
        _ => InvalidInput,
    };
}
