using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Integration;

/// <summary><c>registered-models/rename</c>: allowed while nothing resolves the model, and its job runs keep their experiment.</summary>
public sealed class MlflowRenameTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new();
    private HttpClient engineer = null!;
    private string engineerId = "";

    public async Task InitializeAsync()
    {
        var user = await app.CreateUserAsync("rename@example.com", "mlflow-rename-password-2026", Roles.Engineer);
        engineerId = user.Id;
        engineer = app.CreateClient();
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Renaming_a_model_without_versions_keeps_its_job_runs_in_the_same_experiment()
    {
        var jobId = await RegistrySeeder.AddFailedJobAsync(app.Services, "draft", engineerId);
        var before = await ExperimentIdAsync("draft");

        var renamed = await engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/rename", new { name = "draft", new_name = "final-name" });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("final-name", (await JsonAsync(renamed)).GetProperty("registered_model").GetProperty("name").GetString());
        Assert.Equal(before, await ExperimentIdAsync("final-name"));
        Assert.Equal(HttpStatusCode.NotFound, (await engineer.GetAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=draft")).StatusCode);
        var runs = await JsonAsync(await engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/search", new { experiment_ids = new[] { before } }));
        Assert.Equal($"mhjob-{jobId}", Assert.Single(runs.GetProperty("runs").EnumerateArray()).GetProperty("info").GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Renaming_a_model_with_versions_or_onto_a_taken_name_or_an_invalid_name_is_refused()
    {
        await RegistrySeeder.AddVersionAsync(app.Services, "served", engineerId);
        await RegistrySeeder.AddFailedJobAsync(app.Services, "empty", engineerId);

        await AssertErrorAsync(await Rename("served", "served-2"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        await AssertErrorAsync(await Rename("empty", "served"), HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS");
        await AssertErrorAsync(await Rename("empty", "Bad Name"), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertErrorAsync(await Rename("missing", "other"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Equal(HttpStatusCode.OK, (await engineer.GetAsync("/api/2.0/mlflow/registered-models/get?name=empty")).StatusCode);
    }

    private Task<HttpResponseMessage> Rename(string name, string newName) =>
        engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/rename", new { name, new_name = newName });

    private async Task<string> ExperimentIdAsync(string name)
    {
        var response = await engineer.GetAsync($"/api/2.0/mlflow/experiments/get-by-name?experiment_name={name}");
        return (await JsonAsync(response)).GetProperty("experiment").GetProperty("experiment_id").GetString()!;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal(code, body.RootElement.GetProperty("error_code").GetString());
    }
}
