using System.CommandLine;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub rollback</c>: restores an earlier production version (OnCall or Admin).</summary>
internal static class RollbackCommand
{
    public static Command Create(CommandRunner runner)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var to = new Option<int?>("--to") { Description = "The version to restore (default: the one in production just before the current one)." };
        var reason = new Option<string>("--reason") { Description = "Why, for the audit log.", Required = true };
        var command = new Command("rollback", "Restore an earlier production version. Exit 3 when refused.") { model, to, reason };
        runner.Connected(command, async (parse, session, ct) =>
        {
            var done = await session.Api.RollBackAsync(parse.GetValue(model)!, parse.GetValue(to), parse.GetValue(reason), ct);
            session.Output.Result(done, $"{done.Model}: version {done.Version} is in production again"
                + (done.PreviousVersion is { } previous ? $" (version {previous} archived)." : "."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
