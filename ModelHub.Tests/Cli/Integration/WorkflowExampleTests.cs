using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.FineTuning.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Cli.Integration;

/// <summary>A ModelHub with an engineer (the workflow's token), a reviewer and the sentiment model's gate configured.</summary>
public sealed class WorkflowHost : IAsyncLifetime
{
    public ModelHubFactory App { get; } = new(realHttp: true, settings: JobLifecycleTests.FastSettings());

    public JobsApi Engineer { get; private set; } = null!;

    public JobsApi Reviewer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engineer = await PromotionSeeder.ClientAsync(App, "ci@example.com", Roles.Engineer);
        Reviewer = await PromotionSeeder.ClientAsync(App, "reviewer@example.com", Roles.Reviewer);
        using var gate = await Engineer.Http.PostAsJsonAsync("/api/models", new { name = "sentiment" });
        using var configured = await Engineer.Http.PutAsJsonAsync("/api/models/sentiment/gate",
            new { rules = new[] { new { metric = "eval_accuracy", @operator = ">=", threshold = 0.8 } } });
        Assert.True(configured.IsSuccessStatusCode, await configured.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        Engineer.Dispose();
        Reviewer.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>
/// Runs the shipped GitHub Actions example (examples/github-actions/model-deployment.yml) step by step with bash, its env
/// and a <c>modelhub</c> on PATH that runs the built CLI, against a real ModelHub: the example cannot rot.
/// </summary>
public sealed class WorkflowExampleTests(WorkflowHost host) : IClassFixture<WorkflowHost>, IDisposable
{
    private static readonly string RepoRoot = FindRepoRoot();

    private readonly TempFolder workspace = new("workflow");

    [Fact]
    public async Task The_example_workflow_trains_gates_stages_and_finishes_with_the_promotion_requests_url()
    {
        var steps = await RunWorkflowAsync(waitForApproval: false);

        var last = steps[^1];
        Assert.Equal("Request promotion to Production", last.Step.Name);
        var request = (await PendingAsync()).Last(r => (int)r!["version"]! == RegisteredVersion())!;
        var url = $"{host.App.ServerAddress.AbsoluteUri}api/promotions/{(int)request["id"]!}";
        Assert.Contains($"Promotion request {url} for sentiment version {(int)request["version"]!} is Pending; reviewers decide at {host.App.ServerAddress.AbsoluteUri}approvals",
            GitHubWorkflow.Summary(workspace.Path));
        var version = JsonNode.Parse(await host.Engineer.Http.GetStringAsync($"/api/models/sentiment/versions/{(int)request["version"]!}"))!;
        Assert.Equal("Staging", (string?)version["stage"]);

        // The follow step printed its progress to stderr, as --json keeps stdout for the job.
        var follow = steps.Single(s => s.Step.Name == "Fine-tune and follow the job");
        Assert.Matches(@"(?m)^job \d+: succeeded +step \d+/\d+", follow.Error);
    }

    [Fact]
    public async Task With_wait_for_approval_the_workflow_ends_once_a_reviewer_approves_and_production_serves_the_version()
    {
        var earlier = (await PendingAsync()).Select(r => (int)r!["id"]!).ToHashSet();
        var running = RunWorkflowAsync(waitForApproval: true);
        var approved = await ApproveWhenRequestedAsync(running, earlier);
        var steps = await running;

        var last = steps[^1];
        Assert.Equal("Request promotion to Production", last.Step.Name);
        var production = JsonNode.Parse(await host.Engineer.Http.GetStringAsync("/api/models/sentiment/aliases/production"))!;
        Assert.Equal(approved, (int)production["version"]!);
        Assert.Contains($"sentiment@production = version {approved} (Production): {(string?)production["providerModelId"]}", GitHubWorkflow.Summary(workspace.Path));
    }

    private async Task<IReadOnlyList<StepResult>> RunWorkflowAsync(bool waitForApproval)
    {
        var workflow = GitHubWorkflow.Load(Path.Combine(RepoRoot, "examples", "github-actions", "model-deployment.yml"));
        Assert.Contains(workflow.Steps, s => s.Id == "install-cli" && s.Run!.Contains("dotnet tool install", StringComparison.Ordinal));

        // The checkout: the model's data where the workflow's env says it is.
        var modelDir = Path.Combine(workspace.Path, workflow.Env["MODEL_DIR"]);
        Directory.CreateDirectory(modelDir);
        await File.WriteAllTextAsync(Path.Combine(modelDir, "train.jsonl"), SampleDatasets.CleanTrain());
        await File.WriteAllTextAsync(Path.Combine(modelDir, "validation.jsonl"), SampleDatasets.CleanValidation());

        // Instead of the install step (dotnet pack + dotnet tool install), a modelhub on PATH that runs the built CLI.
        var bin = Directory.CreateDirectory(Path.Combine(workspace.Path, ".bin")).FullName;
        var shim = Path.Combine(bin, "modelhub");
        await File.WriteAllTextAsync(shim, $"#!/usr/bin/env bash\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "ModelHub.Cli.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var env = new Dictionary<string, string>
        {
            ["MODELHUB_URL"] = host.App.ServerAddress.AbsoluteUri,
            ["MODELHUB_TOKEN"] = CliHost.Token(host.Engineer),
            ["WAIT_FOR_APPROVAL"] = waitForApproval ? "true" : "false",
            ["APPROVAL_TIMEOUT"] = "00:02:00",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_REPOSITORY"] = "acme/models",
            ["HOME"] = Directory.CreateDirectory(Path.Combine(workspace.Path, ".home")).FullName,
        };
        var steps = await workflow.RunAsync(workspace.Path, env, skip: ["install-cli"], extraPath: bin, stepTimeout: TimeSpan.FromMinutes(3));

        Assert.All(steps, s => Assert.True(s.ExitCode == 0, s.ToString()));
        Assert.Equal(workflow.Steps.Count(s => s.Run is not null) - 1, steps.Count);
        Assert.DoesNotContain(CliHost.Token(host.Engineer), string.Concat(steps.Select(s => s.Out + s.Error)) + GitHubWorkflow.Summary(workspace.Path));
        return steps;
    }

    // The reviewer's part: approve the request the workflow waits on, as soon as it exists.
    private async Task<int> ApproveWhenRequestedAsync(Task running, IReadOnlySet<int> earlier)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline && !running.IsCompleted)
        {
            if ((await PendingAsync()).FirstOrDefault(r => !earlier.Contains((int)r!["id"]!)) is { } request)
            {
                using var approve = await host.Reviewer.Http.PostAsJsonAsync($"/api/promotions/{(int)request["id"]!}/approve", new { comment = "approved from the test" });
                Assert.True(approve.IsSuccessStatusCode, await approve.Content.ReadAsStringAsync());
                return (int)request["version"]!;
            }

            await Task.Delay(100);
        }

        await running;
        throw new InvalidOperationException("The workflow never requested a promotion.");
    }

    // The version the follow step registered: the job.json it wrote with --json.
    private int RegisteredVersion() => (int)JsonNode.Parse(File.ReadAllText(Path.Combine(workspace.Path, "job.json")))!["version"]!["number"]!;

    private async Task<JsonArray> PendingAsync() =>
        (await host.Reviewer.Http.GetFromJsonAsync<JsonArray>("/api/promotions?status=Pending&model=sentiment"))!;

    private static string FindRepoRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ModelHub.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("ModelHub.sln not found above the test output.");
    }

    public void Dispose() => workspace.Dispose();
}
