using System.Diagnostics;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace ModelHub.Tests.Cli.Integration;

/// <summary>One step of a workflow job: an action (<c>uses</c>) or a shell script (<c>run</c>).</summary>
public sealed record WorkflowStep(string Name, string? Id, string? Uses, string? Run);

/// <summary>A finished step: its exit code and what it printed.</summary>
public sealed record StepResult(WorkflowStep Step, int ExitCode, string Out, string Error)
{
    public override string ToString() => $"step '{Step.Name}' exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// The part of GitHub Actions a workflow's shell steps rely on: the workflow's <c>env</c>, <c>bash -eo pipefail</c>,
/// <c>$GITHUB_ENV</c>/<c>$GITHUB_PATH</c> carried to later steps and a <c>$GITHUB_STEP_SUMMARY</c> file. Actions
/// (<c>uses:</c>) are not run; expressions (<c>${{ … }}</c>) are only allowed in <c>env</c> values the caller supplies.
/// </summary>
public sealed class GitHubWorkflow
{
    private GitHubWorkflow(IReadOnlyDictionary<string, string> env, IReadOnlyList<WorkflowStep> steps)
    {
        Env = env;
        Steps = steps;
    }

    public IReadOnlyDictionary<string, string> Env { get; }

    /// <summary>The steps of the workflow's only job, in order.</summary>
    public IReadOnlyList<WorkflowStep> Steps { get; }

    public static GitHubWorkflow Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var env = root.Children.TryGetValue(new YamlScalarNode("env"), out var envNode)
            ? ((YamlMappingNode)envNode).Children.ToDictionary(kv => Text(kv.Key)!, kv => Text(kv.Value) ?? "")
            : new Dictionary<string, string>();
        var job = Assert.Single(((YamlMappingNode)root.Children[new YamlScalarNode("jobs")]).Children).Value;
        var steps = ((YamlSequenceNode)((YamlMappingNode)job).Children[new YamlScalarNode("steps")]).Children
            .Cast<YamlMappingNode>()
            .Select(step => new WorkflowStep(
                Value(step, "name") ?? Value(step, "uses") ?? "step",
                Value(step, "id"),
                Value(step, "uses"),
                Value(step, "run")))
            .ToList();
        return new GitHubWorkflow(env, steps);
    }

    /// <summary>
    /// Runs the <c>run:</c> steps in order in <paramref name="workspace"/> until one fails; <paramref name="skip"/> names
    /// steps (by id) the caller stands in for, <paramref name="env"/> overrides the workflow's env values.
    /// </summary>
    public async Task<IReadOnlyList<StepResult>> RunAsync(string workspace, IReadOnlyDictionary<string, string> env, IReadOnlyCollection<string> skip,
        string extraPath, TimeSpan stepTimeout)
    {
        var runner = Directory.CreateDirectory(Path.Combine(workspace, ".runner")).FullName;
        var githubEnv = Path.Combine(runner, "env");
        var githubPath = Path.Combine(runner, "path");
        var summary = Path.Combine(runner, "summary.md");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Env)
        {
            variables[name] = env.TryGetValue(name, out var given) ? given
                : value.Contains("${{", StringComparison.Ordinal) ? throw new InvalidOperationException($"env {name} is an expression ({value}); supply its value.")
                : value;
        }

        foreach (var (name, value) in env)
        {
            variables[name] = value;
        }

        var paths = new List<string> { extraPath };
        var results = new List<StepResult>();
        foreach (var step in Steps.Where(s => s.Run is not null && !skip.Contains(s.Id ?? "")))
        {
            Assert.DoesNotContain("${{", step.Run!, StringComparison.Ordinal);
            var script = Path.Combine(runner, $"step-{results.Count}.sh");
            await File.WriteAllTextAsync(script, step.Run);
            await File.WriteAllTextAsync(githubEnv, "");
            await File.WriteAllTextAsync(githubPath, "");

            var start = new ProcessStartInfo("bash", ["--noprofile", "--norc", "-eo", "pipefail", script])
            {
                WorkingDirectory = workspace,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var (name, value) in variables)
            {
                start.Environment[name] = value;
            }

            start.Environment["PATH"] = string.Join(Path.PathSeparator, paths.AsEnumerable().Reverse().Append(start.Environment["PATH"] ?? ""));
            start.Environment["GITHUB_ENV"] = githubEnv;
            start.Environment["GITHUB_PATH"] = githubPath;
            start.Environment["GITHUB_STEP_SUMMARY"] = summary;
            start.Environment["GITHUB_WORKSPACE"] = workspace;
            start.Environment["RUNNER_TEMP"] = runner;

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(stepTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Step '{step.Name}' ran longer than {stepTimeout}.");
            }

            var result = new StepResult(step, process.ExitCode, await stdout, await stderr);
            results.Add(result);
            if (result.ExitCode != 0)
            {
                break;
            }

            foreach (var line in await File.ReadAllLinesAsync(githubEnv))
            {
                Assert.DoesNotContain("<<", line, StringComparison.Ordinal);
                if (line.IndexOf('=') is var at and > 0)
                {
                    variables[line[..at]] = line[(at + 1)..];
                }
            }

            paths.AddRange((await File.ReadAllLinesAsync(githubPath)).Where(l => l.Length > 0));
        }

        return results;
    }

    /// <summary>The job summary the steps wrote.</summary>
    public static string Summary(string workspace)
    {
        var path = Path.Combine(workspace, ".runner", "summary.md");
        return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : "";
    }

    private static string? Value(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? Text(value) : null;

    private static string? Text(YamlNode node) => (node as YamlScalarNode)?.Value;
}
