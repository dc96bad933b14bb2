namespace ModelHub.Cli;

/// <summary>What a CLI run talks to: its streams, whether stdout is a terminal, its environment and how often it polls.</summary>
public sealed record CliContext(TextReader In, TextWriter Out, TextWriter Error, bool IsTerminal, Func<string, string?> Variable)
{
    /// <summary>How long the waiting commands (gate run, promotion request) sleep between two reads.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a followed job may stay silent on the hub before the CLI reads it over HTTP to make sure.</summary>
    public TimeSpan QuietJobCheck { get; init; } = TimeSpan.FromSeconds(10);

    public static CliContext FromProcess() =>
        new(System.Console.In, System.Console.Out, System.Console.Error, !System.Console.IsOutputRedirected, Environment.GetEnvironmentVariable);
}
