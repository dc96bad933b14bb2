using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Tests.Gateway.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Peers;

/// <summary>
/// The official OpenAI Node SDK, unmodified, calls ModelHub's gateway over real HTTP with a service account's token and
/// <c>model: "&lt;name&gt;@production"</c>; a promotion and a rollback change which fine-tuned model answers.
/// </summary>
public sealed class GatewayPeerSdkTests : IAsyncLifetime
{
    private static readonly string PeerFolder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Peers", "openai-node");
    private GatewayFixture gateway = null!;

    public async Task InitializeAsync()
    {
        gateway = await GatewayFixture.StartAsync(realHttp: true);
        await gateway.SeedTwoVersionsAsync();
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task The_OpenAI_Node_SDK_calls_name_at_production_and_follows_promotion_and_rollback()
    {
        await EnsurePeerInstalledAsync();
        var baseUrl = new Uri(gateway.App.ServerAddress, "/v1").ToString();
        var model = GatewayFixture.Model + "@production";

        var before = await RunAsync(baseUrl, model);
        var v1 = UpstreamStub.AnswerFor(await gateway.ProviderModelIdAsync(1));
        Assert.Equal((v1, v1), (before.GetProperty("answer").GetString(), before.GetProperty("streamed").GetString()));
        Assert.Equal(404, before.GetProperty("missing").GetProperty("status").GetInt32());
        Assert.Equal("model_not_found", before.GetProperty("missing").GetProperty("code").GetString());

        // Promoted: v2 takes production (through the same path as an approval's stage move).
        await RegistrySeeder.SetStageAsync(gateway.App.Services, GatewayFixture.Model, 2, ModelStage.Production, gateway.EngineerId);
        var promoted = await RunAsync(baseUrl, model);
        var v2 = UpstreamStub.AnswerFor(await gateway.ProviderModelIdAsync(2));
        Assert.Equal((v2, v2), (promoted.GetProperty("answer").GetString(), promoted.GetProperty("streamed").GetString()));

        var rolledBack = await gateway.App.Services.GetRequiredService<RollBack>()
            .RollBackAsync(GatewayFixture.Model, 1, "v2 answers worse", Actor.User(gateway.EngineerId, "engineer@example.com"));
        Assert.True(rolledBack.Succeeded, rolledBack.Error?.Message);
        var after = await RunAsync(baseUrl, model);
        Assert.Equal(v1, after.GetProperty("answer").GetString());

        // Every token the SDK was told about is in the usage rows, on the version that answered.
        var rows = await gateway.FlushedUsageAsync();
        var seen = new[] { before, promoted, after };
        Assert.Equal(seen.Sum(s => s.GetProperty("promptTokens").GetInt64()), rows.Sum(r => r.InputTokens));
        Assert.Equal(seen.Sum(s => s.GetProperty("completionTokens").GetInt64()), rows.Sum(r => r.OutputTokens));
        Assert.Equal(4, rows.Where(r => r.Version == 1 && r.Status == 200).Sum(r => r.Calls));
        Assert.Equal(2, rows.Where(r => r.Version == 2 && r.Status == 200).Sum(r => r.Calls));
        Assert.Equal(3, rows.Where(r => r.Status == 404).Sum(r => r.Calls));
        Assert.All(rows, r => Assert.Equal(gateway.ApplicationId, r.CallerId));
    }

    private async Task<JsonElement> RunAsync(string baseUrl, string model)
    {
        var output = await RunAsync("node", $"gateway.mjs {baseUrl} {model}", gateway.ApplicationToken);
        using var summary = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return summary.RootElement.Clone();
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
