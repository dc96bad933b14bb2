using System.CommandLine;
using ModelHub.Cli.Api;
using ModelHub.Cli.Console;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub promote request|approve|reject</c>: production only through a reviewer's decision.</summary>
internal static class PromoteCommands
{
    private const string Pending = "Pending";
    private const string Approved = "Approved";

    public static Command Create(CommandRunner runner) =>
        new("promote", "Promotion requests: Staging to Production with a reviewer's approval.") { Request(runner), Decide(runner, approve: true), Decide(runner, approve: false) };

    private static Command Request(CommandRunner runner)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var version = new Argument<int>("VERSION") { Description = "A Staging version whose latest gate run passed." };
        var comment = new Option<string?>("--comment") { Description = "What the reviewer should know." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the reviewer: exit 0 approved, 3 rejected, stale or withdrawn, 1 when --timeout runs out." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Longest wait (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromHours(1) };
        var command = new Command("request", "Ask a reviewer to promote a Staging version to Production.") { model, version, comment, wait, timeout };

        runner.Connected(command, async (parse, session, ct) =>
        {
            var output = session.Output;
            var request = await session.Api.RequestPromotionAsync(parse.GetValue(model)!, parse.GetValue(version), parse.GetValue(comment), ct);
            var reviewUrl = session.Connection.Link(ModelHubApi.ApprovalsPagePath).AbsoluteUri;
            var url = session.Connection.Link(ModelHubApi.PromotionPath(request.Id)).AbsoluteUri;
            output.ProgressLine($"Promotion request {request.Id} for {request.Model} version {request.Version} is {request.Status}: a reviewer decides at {reviewUrl}");

            if (parse.GetValue(wait))
            {
                var deadline = DateTimeOffset.UtcNow + parse.GetValue(timeout);
                while (request.Status == Pending && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(session.Context.PollInterval, ct);
                    request = await session.Api.GetPromotionAsync(request.Id, ct);
                }
            }

            return Report(output, request, url, reviewUrl, waited: parse.GetValue(wait));
        });
        return command;
    }

    private static Command Decide(CommandRunner runner, bool approve)
    {
        var id = new Argument<int>("ID") { Description = "The promotion request's id." };
        var comment = new Option<string?>("--comment") { Description = approve ? "Why (optional)." : "Why (required)." };
        var command = new Command(approve ? "approve" : "reject",
            (approve ? "Approve (and promote at once)" : "Reject") + " a pending request. Exit 3 when refused (four-eyes, stale, role).") { id, comment };
        runner.Connected(command, async (parse, session, ct) =>
        {
            var decided = approve
                ? await session.Api.ApprovePromotionAsync(parse.GetValue(id), parse.GetValue(comment), ct)
                : await session.Api.RejectPromotionAsync(parse.GetValue(id), parse.GetValue(comment), ct);
            session.Output.Result(decided, $"Promotion request {decided.Id} ({decided.Model} version {decided.Version}) is {decided.Status}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int Report(Output output, Promotion request, string url, string reviewUrl, bool waited)
    {
        if (output.Json)
        {
            output.WriteJson(request, new Dictionary<string, object?> { ["url"] = url, ["reviewUrl"] = reviewUrl });
        }
        else
        {
            var decision = request.DecidedBy is null ? "" : $" by {request.DecidedBy}" + (request.DecisionComment is { Length: > 0 } c ? $": {c}" : "");
            output.Line($"Promotion request {request.Id} ({request.Model} version {request.Version}): {request.Status}{decision}");
            output.Line($"Request: {url}");
        }

        return request.Status switch
        {
            Approved => ExitCodes.Ok,
            Pending when waited => Timeout(output),
            Pending => ExitCodes.Ok,
            _ => ExitCodes.Refused,
        };
    }

    private static int Timeout(Output output)
    {
        output.Note("error: no decision before --timeout; the request stays pending.");
        return ExitCodes.Failed;
    }
}
