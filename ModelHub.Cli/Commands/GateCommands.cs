using System.CommandLine;
using ModelHub.Cli.Api;

namespace ModelHub.Cli.Commands;

/// <summary><c>modelhub gate run</c>: evaluates a version on a held-out dataset against the model's gate.</summary>
internal static class GateCommands
{
    public static Command Create(CommandRunner runner)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var version = new Argument<int>("VERSION") { Description = "The version number." };
        var dataset = new Option<int>("--dataset") { Description = "The held-out dataset's id.", Required = true };
        var wait = new Option<bool>("--wait") { Description = "Wait for the verdict and print each rule: exit 0 passed, 1 failed or error." };
        var timeout = new Option<TimeSpan>("--timeout") { Description = "Longest wait (hh:mm:ss); exit 1 when it runs out.", DefaultValueFactory = _ => TimeSpan.FromMinutes(30) };
        var run = new Command("run", "Start a gate run of a version.") { model, version, dataset, wait, timeout };

        runner.Connected(run, async (parse, session, ct) =>
        {
            var output = session.Output;
            var started = await session.Api.StartGateRunAsync(parse.GetValue(model)!, parse.GetValue(version), parse.GetValue(dataset), ct);
            if (!parse.GetValue(wait))
            {
                output.Result(started, $"Gate run {started.Id} started; wait for it with --wait.");
                return ExitCodes.Ok;
            }

            output.ProgressLine($"Gate run {started.Id} started; waiting for the verdict.");
            var deadline = DateTimeOffset.UtcNow + parse.GetValue(timeout);
            var result = await session.Api.GetGateRunAsync(started.Id, ct);
            var shown = -1;
            while (!result.Finished && DateTimeOffset.UtcNow < deadline)
            {
                if (result.Progress.Completed != shown)
                {
                    shown = result.Progress.Completed;
                    output.ProgressLine($"gate run {result.Id}: {result.Progress.Completed}/{result.Progress.Total} examples");
                }

                await Task.Delay(session.Context.PollInterval, ct);
                result = await session.Api.GetGateRunAsync(started.Id, ct);
            }

            return Verdict(output, result);
        });

        return new Command("gate", "Validation gates.") { run };
    }

    private static int Verdict(Console.Output output, GateRun run)
    {
        if (!run.Finished)
        {
            output.Note($"error: gate run {run.Id} is still running after --timeout; it goes on in ModelHub.");
        }

        if (output.Json)
        {
            output.WriteJson(run);
        }
        else
        {
            foreach (var rule in run.Rules)
            {
                output.Line($"  {(rule.Passed ? "pass" : "FAIL")}  {rule.Message}");
            }

            foreach (var comparison in run.NotWorseThanProduction)
            {
                output.Line($"  {(comparison.Passed ? "pass" : "FAIL")}  {comparison.Message}");
            }

            if (run.Finished)
            {
                output.Line($"Gate run {run.Id} of {run.Model} version {run.Version}: {run.Status}" + (run.Error is { } error ? $" ({error})" : "."));
            }
        }

        return run.Status == "passed" ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
