namespace ModelHub.Cli;

/// <summary>Input the CLI refuses before calling ModelHub (exit code 2).</summary>
public sealed class CliInputException(string message) : Exception(message);
