using System.CommandLine;
using System.Net;
using ModelHub.Cli.Api;
using ModelHub.Cli.Config;
using ModelHub.Cli.Console;

namespace ModelHub.Cli.Commands;

/// <summary>Runs a command's body and turns every way it can end into the documented exit code and message.</summary>
internal sealed class CommandRunner(CliContext context)
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document on stdout (progress and errors go to stderr).",
        Recursive = true,
    };

    public CliContext Context => context;

    /// <summary>A command that calls ModelHub with the saved login or MODELHUB_URL/MODELHUB_TOKEN.</summary>
    public void Connected(Command command, Func<ParseResult, Session, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(parse, ct, async output =>
        {
            var connection = Connection.Resolve(context);
            output.Secret = connection.Token;
            using var session = new Session(connection, output, context);
            return await body(parse, session, ct);
        }));

    /// <summary>A command that manages its own connection (login).</summary>
    public void Standalone(Command command, Func<ParseResult, Output, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(parse, ct, output => body(parse, output, ct)));

    private async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<Output, Task<int>> body)
    {
        var output = new Output(context, parse.GetValue(Json));
        try
        {
            return await body(output);
        }
        catch (CliInputException e)
        {
            output.Failure("invalid-input", e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (ApiException e)
        {
            output.Problem(e);
            return ExitCodes.ForStatus(e.Status);
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The hub's negotiate step refused the token.
            output.Failure("unauthorized", "ModelHub refused the token on its live-updates hub: it is unknown, revoked or expired.");
            return ExitCodes.Refused;
        }
        catch (HttpRequestException e)
        {
            output.Failure("unreachable", $"Cannot reach ModelHub: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            output.Failure("timeout", "ModelHub did not answer in time.");
            return ExitCodes.Unreachable;
        }
    }
}
