using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

using ModelHub.Tests.Mlflow.Peers;

namespace ModelHub.Tests.Mlflow.Integration;

/// <summary>The MLflow routes tried as an attacker and as a careless client: every refusal is MLflow's JSON with a 4xx.</summary>
public sealed class MlflowApiTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new(settings: new Dictionary<string, string?> { ["ModelHub:MaxUploadBytes"] = "1000" });
    private HttpClient engineer = null!;

    public async Task InitializeAsync()
    {
        var user = await app.CreateUserAsync("engineer@example.com", "mlflow-api-password-2026", Roles.Engineer);
        engineer = app.CreateClient();
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/2.0/mlflow/experiments/search")]
    [InlineData("POST", "/api/2.0/mlflow/runs/create")]
    [InlineData("GET", "/api/2.0/mlflow-artifacts/artifacts?path=1")]
    [InlineData("PUT", "/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/x")]
    public async Task Calls_without_a_token_get_401_UNAUTHENTICATED(string method, string url)
    {
        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}") });

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task Malformed_bodies_and_parameters_get_400_INVALID_PARAMETER_VALUE()
    {
        await AssertErrorAsync(await engineer.PostAsync("/api/2.0/mlflow/experiments/create", new StringContent("{\"name\": ")), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await engineer.PostAsync("/api/2.0/mlflow/runs/log-batch", new StringContent("[1,2]")), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new { run_id = "x", metrics = "many" }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await engineer.GetAsync("/api/2.0/mlflow/model-versions/search?max_results=abc"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await engineer.GetAsync("/api/2.0/mlflow/model-versions/search?page_token=%21%21"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await engineer.GetAsync("/api/2.0/mlflow/model-versions/get?name=m&version=one"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var tooMany = Enumerable.Range(0, 1001).Select(i => new { key = "loss", value = 0.1, timestamp = 1, step = i });
        await AssertErrorAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-batch", new { run_id = "x", metrics = tooMany }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Artifacts_round_trip_and_paths_outside_the_run_or_over_the_limit_are_refused()
    {
        var runId = await CreateRunAsync();
        var root = $"/api/2.0/mlflow-artifacts/artifacts/1/{runId}/artifacts";

        var put = await engineer.PutAsync($"{root}/model/MLmodel", new StringContent("flavors: {}"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("flavors: {}", await engineer.GetStringAsync($"{root}/model/MLmodel"));
        using var listed = JsonDocument.Parse(await engineer.GetStringAsync($"/api/2.0/mlflow-artifacts/artifacts?path=1/{runId}/artifacts/model"));
        Assert.Equal("MLmodel", listed.RootElement.GetProperty("files")[0].GetProperty("path").GetString());

        await AssertErrorAsync(await engineer.GetAsync("/api/2.0/mlflow-artifacts/artifacts?path=1/../.."), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        // An encoded slash is not a separator: the odd name stays a file inside the run's folder.
        await engineer.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/1/{runId}/artifacts/..%2F..%2F..%2Fescaped", new StringContent("x"));
        Assert.All(Directory.EnumerateFiles(app.DataFolder, "*", SearchOption.AllDirectories).Where(f => f.Contains("escaped", StringComparison.Ordinal)),
            f => Assert.StartsWith(Path.Combine(app.DataFolder, "mlflow-artifacts", "1", runId, "artifacts") + Path.DirectorySeparatorChar, f));
        await AssertErrorAsync(await engineer.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/1/{runId}/other/x", new StringContent("x")), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await engineer.PutAsync("/api/2.0/mlflow-artifacts/artifacts/1/not-a-run/artifacts/x", new StringContent("x")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await AssertErrorAsync(await engineer.PutAsync($"{root}/big.bin", new ByteArrayContent(new byte[1001])), HttpStatusCode.RequestEntityTooLarge, "INVALID_PARAMETER_VALUE");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(app.DataFolder, "mlflow-artifacts"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_param_keeps_its_first_value()
    {
        var runId = await CreateRunAsync();

        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" })).StatusCode);
        await AssertErrorAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "lr", value = "0.2" }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    private async Task<string> CreateRunAsync()
    {
        var experiment = await engineer.PostAsJsonAsync("/api/2.0/mlflow/experiments/create", new { name = "attacks" });
        Assert.Equal(HttpStatusCode.OK, experiment.StatusCode);
        var run = await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "1", start_time = 1 });
        using var body = JsonDocument.Parse(await run.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal(code, body.RootElement.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("message").GetString()));
    }
}
