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
            if (session.Output.Json)
            {
                session.Output.WriteJson(result);
            }
            else if (result.Ok)
            {
                session.Output.Line($"The audit log holds: {result.CheckedCount} entries checked.");
            }
            else
            {
                session.Output.Line($"The audit log does NOT hold ({result.CheckedCount} entries checked)"
                    + (result.Truncated ? ": entries after the last anchor are missing." : $": first broken entry {result.FirstBroken}."));
            }

            return result.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return new Command("audit", "The audit log.") { verify };
    }
}
