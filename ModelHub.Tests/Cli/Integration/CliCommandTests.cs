using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelHub.Cli;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Cli.Integration;

/// <summary>Each <c>modelhub</c> command against a real ModelHub: human output, <c>--json</c> and the documented exit codes.</summary>
public sealed partial class CliCommandTests(CliHost host) : IClassFixture<CliHost>
{
    private static readonly string[] Sample = ["--base-model", "gpt-4o-mini-2024-07-18", "--epochs", "3", "--seed", "42"];

    [Fact]
    public async Task Login_checks_the_token_and_saves_it_owner_only_without_printing_it()
    {
        var token = CliHost.Token(host.Engineer);
        var url = host.App.ServerAddress.AbsoluteUri;
        var cli = new CliRun(host.App.ServerAddress, null, host.NewLoginFile()) { UseLoginFileOnly = true };

        var login = await cli.RunAsync(["login", "--url", url, "--token-stdin"], stdin: token + "\n", onLine: null);

        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());
        Assert.Contains("engineer@example.com", login.Out);
        Assert.DoesNotContain(token, login.Out + login.Error);
        Assert.Contains(token, await File.ReadAllTextAsync(cli.LoginFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.LoginFile));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(cli.LoginFile)!, "*.tmp"));

        // Later commands use the saved login...
        var listed = await cli.RunAsync("models", "list", "--json");
        Assert.True(listed.ExitCode == ExitCodes.Ok, listed.ToString());
        Assert.Contains(listed.Json["items"]!.AsArray(), m => (string?)m!["name"] == "sentiment");

        // ...and MODELHUB_URL/MODELHUB_TOKEN override it.
        var overridden = await new CliRun(host.App.ServerAddress, "not-a-real-token-but-long-enough-0123456789", cli.LoginFile).RunAsync("models", "list");
        Assert.True(overridden.ExitCode == ExitCodes.Refused, overridden.ToString());
    }

    [Fact]
    public async Task Login_with_a_refused_token_exits_3_and_an_unreachable_address_exits_4_and_neither_saves()
    {
        var cli = new CliRun(host.App.ServerAddress, null, host.NewLoginFile()) { UseLoginFileOnly = true };
        var refused = await cli.RunAsync(["login", "--url", host.App.ServerAddress.AbsoluteUri, "--token-stdin"], stdin: "revoked-or-never-issued-token-000000000000\n", onLine: null);
        var unreachable = await cli.RunAsync(["login", "--url", "http://127.0.0.1:1", "--token-stdin", "--json"], stdin: CliHost.Token(host.Engineer) + "\n", onLine: null);

        Assert.True(refused.ExitCode == ExitCodes.Refused, refused.ToString());
        Assert.True(unreachable.ExitCode == ExitCodes.Unreachable, unreachable.ToString());
        Assert.Equal("unreachable", (string?)unreachable.Json["type"]);
        Assert.DoesNotContain(CliHost.Token(host.Engineer), unreachable.Out + unreachable.Error);
        Assert.False(File.Exists(cli.LoginFile));
    }

    [Fact]
    public async Task Without_a_login_or_with_bad_arguments_commands_exit_2()
    {
        var loggedOut = new CliRun(host.App.ServerAddress, null, host.NewLoginFile()) { UseLoginFileOnly = true };
        var cli = host.As(host.Engineer);

        var notLoggedIn = await loggedOut.RunAsync("models", "list");
        Assert.True(notLoggedIn.ExitCode == ExitCodes.InvalidInput, notLoggedIn.ToString());
        Assert.Contains("modelhub login", notLoggedIn.Error);

        foreach (var args in new[]
                 {
                     new[] { "datasets", "upload", "missing.jsonl", "--purpose", "training" },
                     ["datasets", "upload", "x.jsonl", "--name", "x", "--purpose", "testing"],
                     ["rollback", "sentiment"],
                     ["promote", "request", "sentiment", "one"],
                     ["gate", "run", "sentiment", "1"],
                     ["jobs"],
                     ["deploy", "everything"],
                 })
        {
            var result = await cli.RunAsync(args);
            Assert.True(result.ExitCode == ExitCodes.InvalidInput, $"{string.Join(' ', args)}: {result}");
            Assert.StartsWith("error:", result.Error);
        }

        var missingFile = await cli.RunAsync("datasets", "upload", Path.Combine(host.Folder.Path, "nowhere.jsonl"), "--name", "x", "--purpose", "training");
        Assert.True(missingFile.ExitCode == ExitCodes.InvalidInput, missingFile.ToString());
        var unknownModel = await cli.RunAsync("models", "show", "no-such-model", "--json");
        Assert.True(unknownModel.ExitCode == ExitCodes.InvalidInput, unknownModel.ToString());
        Assert.Equal("not-found", (string?)unknownModel.Json["type"]);
    }

    [Fact]
    public async Task Upload_prints_progress_then_the_stored_dataset_and_the_same_bytes_again_are_found_not_stored_twice()
    {
        var cli = host.As(host.Engineer);
        var file = Path.Combine(host.Folder.Path, $"upload-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(file, SampleDatasets.CleanValidation().Replace("Classify", "Label", StringComparison.Ordinal));

        var first = await cli.RunAsync("datasets", "upload", file, "--name", "cli-upload", "--purpose", "validation");
        var again = await cli.RunAsync("datasets", "upload", file, "--name", "cli-upload", "--purpose", "validation", "--json");

        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Matches(@"(?m)^Uploading upload-\w+\.jsonl: 100% ", first.Out);
        Assert.Matches(@"(?m)^Dataset \d+ 'cli-upload' stored: \d+ examples", first.Out);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.True((bool)again.Json["alreadyStored"]!);
        Assert.Equal("validation", (string?)again.Json["purpose"]);
        Assert.Contains("100%", again.Error);
        var id = (int)again.Json["id"]!;
        Assert.Contains($"Dataset {id} ", first.Out);
    }

    [Fact]
    public async Task Upload_of_a_file_with_errors_exits_2_with_the_report_grouped_by_kind_with_line_numbers()
    {
        var cli = host.As(host.Engineer);
        var file = Path.Combine(host.Folder.Path, "mistakes.jsonl");
        await File.WriteAllTextAsync(file, SampleDatasets.FormatMistakes());
        var before = (await host.Engineer.Http.GetFromJsonAsync<JsonArray>("/api/datasets"))!.Count;

        var human = await cli.RunAsync("datasets", "upload", file, "--name", "mistakes", "--purpose", "training");
        var json = await cli.RunAsync("datasets", "upload", file, "--name", "mistakes", "--purpose", "training", "--json");

        Assert.True(human.ExitCode == ExitCodes.InvalidInput, human.ToString());
        var errors = json.Json["report"]!["errors"]!.AsArray();
        Assert.NotEmpty(errors);
        foreach (var kind in errors.GroupBy(e => (string)e!["kind"]!))
        {
            // Each kind is a heading with its count, followed by its issues with their line numbers.
            var heading = Regex.Match(human.Out, $@"(?m)^{Regex.Escape(kind.Key)} \((\d+) errors?\)\r?$");
            Assert.True(heading.Success, $"No heading for {kind.Key}:\n{human.Out}");
            var section = human.Out[heading.Index..];
            foreach (var issue in kind)
            {
                Assert.Contains($"  line {(int)issue!["line"]!}", section);
            }
        }

        Assert.True(json.ExitCode == ExitCodes.InvalidInput, json.ToString());
        Assert.Equal("invalid-dataset", (string?)json.Json["type"]);
        Assert.Equal(before, (await host.Engineer.Http.GetFromJsonAsync<JsonArray>("/api/datasets"))!.Count);
    }

    [Fact]
    public async Task Jobs_launch_follow_prints_live_steps_before_the_job_ends_and_exits_0_with_the_version()
    {
        var cli = host.As(host.Engineer);
        DateTimeOffset? firstStepAt = null;
        var args = new[] { "jobs", "launch", "--model", "live", "--training", Id(host.TrainingId), "--validation", Id(host.ValidationId), "--follow" }.Concat(Sample).ToArray();

        var result = await cli.RunAsync(args, stdin: "", onLine: line =>
        {
            if (firstStepAt is null && LiveStep().IsMatch(line))
            {
                firstStepAt = DateTimeOffset.UtcNow;
            }
        });

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var jobId = int.Parse(Regex.Match(result.Out, @"Job (\d+) launched").Groups[1].Value, CultureInfo.InvariantCulture);
        var job = await host.Engineer.GetAsync(jobId);
        Assert.Equal("succeeded", (string?)job["status"]);
        Assert.NotNull(firstStepAt);
        Assert.True(firstStepAt < (DateTimeOffset)job["finishedAt"]!, $"The first step line came at {firstStepAt:O}, the job ended at {job["finishedAt"]}.");
        Assert.Matches(@"(?m)^job \d+: running +step \d+/\d+  loss \d+\.\d{4}", result.Out);
        Assert.Contains($"Job {jobId} succeeded: live version 1 (ft:", result.Out);
    }

    [Fact]
    public async Task Jobs_watch_exits_1_with_the_ended_job_as_json_when_the_job_is_cancelled()
    {
        var launched = await host.Engineer.LaunchAsync(JobsApi.Launch("watched", host.TrainingId, host.ValidationId));
        var id = (int)launched["id"]!;
        var watching = host.As(host.Engineer).RunAsync("jobs", "watch", Id(id), "--json");
        using (var cancel = await host.Engineer.Http.PostAsync($"/api/jobs/{id}/cancel", null))
        {
            Assert.True(cancel.IsSuccessStatusCode);
        }

        var result = await watching.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == ExitCodes.Failed, result.ToString());
        Assert.Equal("cancelled", (string?)result.Json["status"]);
        Assert.Equal(id, (int)result.Json["id"]!);
        Assert.Contains($"job {id}: ", result.Error);
    }

    [Fact]
    public async Task Models_list_show_and_resolve_read_the_registry()
    {
        var cli = host.As(host.Engineer);

        var list = await cli.RunAsync("models", "list");
        var show = await cli.RunAsync("models", "show", "sentiment", "--json");
        var latest = await cli.RunAsync("models", "resolve", "sentiment@latest", "--json");
        var human = await cli.RunAsync("models", "resolve", "sentiment@latest");

        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        Assert.Contains("sentiment", list.Out);
        Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
        var versions = show.Json["versions"]!.AsArray();
        Assert.True(versions.Count >= 2);
        Assert.True(latest.ExitCode == ExitCodes.Ok, latest.ToString());
        var newest = versions.Max(v => (int)v!["number"]!);
        Assert.Equal(newest, (int)latest.Json["version"]!);
        Assert.StartsWith("ft:", (string?)latest.Json["providerModelId"]);
        Assert.Contains($"sentiment@latest = version {newest} ", human.Out);
        Assert.Contains((string)latest.Json["providerModelId"]!, human.Out);
    }

    [Fact]
    public async Task Gate_run_wait_prints_each_rule_and_exits_1_when_the_gate_fails()
    {
        var cli = host.As(host.Engineer);
        await host.SetGateAsync("sentiment", new { rules = new[] { new { metric = "valid_loss", @operator = "<=", threshold = 0.0 } } });

        var failed = await cli.RunAsync("gate", "run", "sentiment", "2", "--dataset", Id(host.ValidationId), "--wait");
        await host.SetGateAsync("sentiment", new { rules = new[] { new { metric = "eval_accuracy", @operator = ">=", threshold = 0.8 } } });
        var passed = await cli.RunAsync("gate", "run", "sentiment", "2", "--dataset", Id(host.ValidationId), "--wait", "--json");

        Assert.True(failed.ExitCode == ExitCodes.Failed, failed.ToString());
        Assert.Matches(@"(?m)^  FAIL  valid_loss \S+ <= 0 ✗", failed.Out);
        Assert.Matches(@"(?m)^Gate run \d+ of sentiment version 2: failed", failed.Out);
        Assert.True(passed.ExitCode == ExitCodes.Ok, passed.ToString());
        Assert.Equal("passed", (string?)passed.Json["status"]);
        Assert.True((bool)passed.Json["rules"]![0]!["passed"]!);
    }

    [Fact]
    public async Task A_version_goes_through_staging_a_reviewer_and_production_and_back_with_the_documented_exit_codes()
    {
        var engineer = host.As(host.Engineer);
        var reviewer = host.As(host.Reviewer);
        await host.SetGateAsync("sentiment", new { rules = new[] { new { metric = "eval_accuracy", @operator = ">=", threshold = 0.8 } } });

        async Task<int> PromoteAsync(int version, bool approve)
        {
            await Ok(engineer, "gate", "run", "sentiment", Id(version), "--dataset", Id(host.ValidationId), "--wait");
            var waiting = engineer.RunAsync("promote", "request", "sentiment", Id(version), "--comment", "ship it", "--wait", "--timeout", "00:01:00");
            var id = await PendingRequestAsync(version);
            var decision = approve
                ? await reviewer.RunAsync("promote", "approve", Id(id), "--comment", "looks good")
                : await reviewer.RunAsync("promote", "reject", Id(id), "--comment", "not yet");
            Assert.True(decision.ExitCode == ExitCodes.Ok, decision.ToString());
            var waited = await waiting.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains($"Request: {host.App.ServerAddress.AbsoluteUri}api/promotions/{id}", waited.Out);
            return waited.ExitCode;
        }

        // Only a Staging version with a passed gate run may be requested: ModelHub's 409 is exit 3.
        var notStaged = await engineer.RunAsync("promote", "request", "sentiment", "1", "--json");
        Assert.True(notStaged.ExitCode == ExitCodes.Refused, notStaged.ToString());
        Assert.Equal(409, (int)notStaged.Json["status"]!);

        await Ok(engineer, "models", "stage", "sentiment", "1", "--to", "Staging", "--reason", "candidate");
        Assert.Equal(ExitCodes.Refused, await PromoteAsync(1, approve: false));
        Assert.Equal(ExitCodes.Ok, await PromoteAsync(1, approve: true));

        // A request without --wait finishes with its URL. Its requester may not approve it (four-eyes, Admins too),
        // nor may an engineer (the role): both exit 3.
        var admin = host.As(host.Admin);
        await Ok(engineer, "models", "stage", "sentiment", "2", "--to", "Staging");
        await Ok(engineer, "gate", "run", "sentiment", "2", "--dataset", Id(host.ValidationId), "--wait");
        var request = await admin.RunAsync("promote", "request", "sentiment", "2", "--comment", "v2", "--json");
        Assert.True(request.ExitCode == ExitCodes.Ok, request.ToString());
        Assert.Equal("Pending", (string?)request.Json["status"]);
        Assert.Equal($"{host.App.ServerAddress.AbsoluteUri}approvals", (string?)request.Json["reviewUrl"]);
        var requestId = Id((int)request.Json["id"]!);
        Assert.Equal($"{host.App.ServerAddress.AbsoluteUri}api/promotions/{requestId}", (string?)request.Json["url"]);
        var ownApproval = await admin.RunAsync("promote", "approve", requestId, "--json");
        Assert.True(ownApproval.ExitCode == ExitCodes.Refused, ownApproval.ToString());
        Assert.Equal("four-eyes", (string?)ownApproval.Json["type"]);
        var engineerApproval = await engineer.RunAsync("promote", "approve", requestId, "--json");
        Assert.True(engineerApproval.ExitCode == ExitCodes.Refused, engineerApproval.ToString());
        Assert.Equal(403, (int)engineerApproval.Json["status"]!);
        var approved = await reviewer.RunAsync("promote", "approve", requestId, "--json");
        Assert.True(approved.ExitCode == ExitCodes.Ok, approved.ToString());
        Assert.Equal("Approved", (string?)approved.Json["status"]);

        // Rollback is the on-call's: an engineer is refused, the on-call restores version 1.
        var notOnCall = await engineer.RunAsync("rollback", "sentiment", "--reason", "errors in production");
        Assert.True(notOnCall.ExitCode == ExitCodes.Refused, notOnCall.ToString());
        var rolledBack = await host.As(host.OnCall).RunAsync("rollback", "sentiment", "--reason", "errors in production", "--json");
        Assert.True(rolledBack.ExitCode == ExitCodes.Ok, rolledBack.ToString());
        Assert.Equal(1, (int)rolledBack.Json["version"]!);
        var production = await engineer.RunAsync("models", "resolve", "sentiment", "--json");
        Assert.Equal(1, (int)production.Json["version"]!);

        var verified = await engineer.RunAsync("audit", "verify", "--json");
        Assert.True(verified.ExitCode == ExitCodes.Ok, verified.ToString());
        Assert.True((bool)verified.Json["ok"]!);
    }

    private async Task<int> PendingRequestAsync(int version)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var pending = (await host.Engineer.Http.GetFromJsonAsync<JsonArray>("/api/promotions?status=Pending&model=sentiment"))!;
            if (pending.FirstOrDefault(p => (int)p!["version"]! == version) is { } found)
            {
                return (int)found["id"]!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No pending request for version {version}.");
            await Task.Delay(50);
        }
    }

    private static async Task Ok(CliRun cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Ok, $"{string.Join(' ', args)}: {result}");
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"running +step [1-9]\d*/\d+")]
    private static partial Regex LiveStep();
}
