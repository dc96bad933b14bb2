using System.Diagnostics;

using ModelHub.Tests.Mlflow.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Peers;

/// <summary>The real MLflow Python client from <c>../shared/peers/mlflow</c> (beside the repository), run against a ModelHub host.</summary>
public static class MlflowPeer
{
    private static readonly string RepoRoot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));

    /// <summary>The vendored client's folder: <c>../shared/peers/mlflow</c> relative to the repository root.</summary>
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "peers", "mlflow"));

    /// <summary>This suite's scripts.</summary>
    public static string Scripts { get; } = Path.Combine(RepoRoot, "ModelHub.Tests", "Peers", "mlflow");

    /// <summary>Runs <paramref name="script"/> with MLFLOW_TRACKING_URI and the given credentials; returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(Uri server, IReadOnlyDictionary<string, string> credentials, string script, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Folder, "run.sh"))
        {
            WorkingDirectory = Scripts,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.IsPathRooted(script) ? script : Path.Combine(Scripts, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MLFLOW_TRACKING_URI"] = server.ToString().TrimEnd('/');
        foreach (var name in new[] { "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in credentials)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Credentials the client sends as <c>Authorization: Bearer</c>.</summary>
    public static IReadOnlyDictionary<string, string> Token(string token) => new Dictionary<string, string> { ["MLFLOW_TRACKING_TOKEN"] = token };

    /// <summary>Credentials the client sends as basic auth.</summary>
    public static IReadOnlyDictionary<string, string> Basic(string email, string token) =>
        new Dictionary<string, string> { ["MLFLOW_TRACKING_USERNAME"] = email, ["MLFLOW_TRACKING_PASSWORD"] = token };
}
