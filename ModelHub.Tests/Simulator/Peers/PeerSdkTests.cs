using System.Diagnostics;
using System.Text.Json;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

using ModelHub.Tests.Simulator.Integration;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Peers;

/// <summary>
/// An official OpenAI SDK that ModelHub did not write (Node), unmodified, against the app's simulator over real HTTP,
/// with an Engineer's ModelHub access token as its API key (read from <c>OPENAI_API_KEY</c>, as the SDK does).
/// </summary>
public sealed class PeerSdkTests : IAsyncLifetime
{
    private static readonly string PeerFolder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Peers", "openai-node");
    private readonly ModelHubFactory app = new(realHttp: true, settings: new Dictionary<string, string?>
    {
        ["Simulator:TimeScale"] = SimulatorHost.FastTimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
    private readonly TempFolder files = new("peer");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        files.Dispose();
    }

    [Fact]
    public async Task The_official_OpenAI_Node_SDK_uploads_fine_tunes_reads_events_and_chats()
    {
        await EnsurePeerInstalledAsync();
        var training = Path.Combine(files.Path, SampleDatasets.CleanTrainFile);
        var validation = Path.Combine(files.Path, SampleDatasets.CleanValidationFile);
        await File.WriteAllTextAsync(training, SampleDatasets.CleanTrain());
        await File.WriteAllTextAsync(validation, SampleDatasets.CleanValidation());

        var engineer = await app.CreateUserAsync("peer@example.com", "peer-engineer-password-2026", Roles.Engineer);
        var token = await app.IssueTokenAsync(engineer.Id);
        var baseUrl = new Uri(app.ServerAddress, "/simulator/v1").ToString();

        var output = await RunAsync("node", $"peer.mjs {baseUrl} {training} {validation}", token);
        using var summary = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = summary.RootElement;

        Assert.StartsWith("file-", root.GetProperty("trainingFileId").GetString());
        Assert.True(root.GetProperty("filesListed").GetInt32() >= 2);
        Assert.Equal("succeeded", root.GetProperty("finalStatus").GetString());
        Assert.StartsWith("ft:gpt-4o-mini-2024-07-18:modelhub-sim:peer:", root.GetProperty("fineTunedModel").GetString());
        Assert.True(root.GetProperty("trainedTokens").GetInt64() > 0);
        Assert.True(root.GetProperty("metricEvents").GetInt32() > 0);
        Assert.Equal(2, root.GetProperty("checkpointCount").GetInt32());
        Assert.Equal(root.GetProperty("expected").GetString(), root.GetProperty("answer").GetString());
        Assert.Equal(root.GetProperty("expected").GetString(), root.GetProperty("streamed").GetString());
        Assert.True(root.GetProperty("promptTokens").GetInt32() > 0);
        Assert.True(root.GetProperty("streamedTotalTokens").GetInt32() > 0);
        var missing = root.GetProperty("missing");
        Assert.Equal(404, missing.GetProperty("status").GetInt32());
    }

    private static async Task EnsurePeerInstalledAsync()
    {
        if (!Directory.Exists(Path.Combine(PeerFolder, "node_modules", "openai")))
        {
            await RunAsync("npm", "ci --ignore-scripts --no-audit --no-fund");
        }
    }

    private static async Task<string> RunAsync(string command, string arguments, string? apiKey = null)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = PeerFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OPENAI_API_KEY"] = apiKey;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{command} {arguments} failed ({process.ExitCode}):\n{await stderr}\n{await stdout}");
        return await stdout;
    }
}
