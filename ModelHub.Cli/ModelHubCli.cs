using System.CommandLine;
using ModelHub.Cli.Commands;

namespace ModelHub.Cli;

/// <summary>The <c>modelhub</c> command line: builds the command tree and runs one command line.</summary>
public static class ModelHubCli
{
    public static RootCommand Build(CliContext context)
    {
        var runner = new CommandRunner(context);
        var root = new RootCommand("modelhub: datasets, fine-tune jobs, gates, promotions and rollbacks on ModelHub, for people and CI.")
        {
            LoginCommand.Create(runner),
            DatasetCommands.Create(runner),
            JobCommands.Create(runner),
            ModelCommands.Create(runner),
            GateCommands.Create(runner),
            PromoteCommands.Create(runner),
            RollbackCommand.Create(runner),
            AuditCommands.Create(runner),
        };
        root.Options.Add(runner.Json);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct = default)
    {
        var parsed = Build(context).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine would answer 1; a CI step must tell a typo from a failed outcome.
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}");
            }

            await context.Error.WriteLineAsync("Run 'modelhub --help' (or 'modelhub <command> --help') for usage.");
            return ExitCodes.InvalidInput;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, ct);
    }
}
