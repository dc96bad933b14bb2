using System.CommandLine;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub audit verify</c>: recomputes the audit log's hash chain.</summary>
internal static class AuditCommands
{
    public static Command Create(CommandRunner runner)
    {
        var verify = new Command("verify", "Check the audit log's hash chain and anchor: exit 0 when it holds, 1 when it does not.");
        runner.Connected(verify, async (parse, session, ct) =>
        {
            var result = await session.Api.VerifyAuditAsync(ct);
            session.Output.Result(result, result.Ok
                ? $"The audit log holds: {result.CheckedCount} entries checked."
                : $"The audit log does NOT hold ({result.CheckedCount} entries checked)"
                    + (result.Truncated ? ": entries after the last anchor are missing." : $": first broken entry {result.FirstBroken}."));

            return result.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return new Command("audit", "The audit log.") { verify };
    }
}
