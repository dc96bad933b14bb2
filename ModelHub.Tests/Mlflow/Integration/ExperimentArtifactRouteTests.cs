using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Integration;

/// <summary>The Experiments pages' download route: signed-in users only, and never outside a run's artifact folder.</summary>
public sealed class ExperimentArtifactRouteTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new();
    private HttpClient viewer = null!;
    private string root = "";

    public async Task InitializeAsync()
    {
        var user = await app.CreateUserAsync("viewer@example.com", "artifact-route-password-2026");
        viewer = app.CreateClient();
        viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
        var experimentId = (await app.Services.GetRequiredService<MlflowExperiments>().CreateAsync("pipelines")).Value;
        var run = (await app.Services.GetRequiredService<MlflowRuns>().CreateAsync(new MlflowRuns.NewRun(experimentId, null, 1, "r", []), Actor.User(user.Id, "viewer@example.com"))).Value.Info.RunId;
        await app.Services.GetRequiredService<MlflowArtifactStore>().WriteAsync($"{experimentId}/{run}/artifacts/model/metadata.json", new MemoryStream(Encoding.UTF8.GetBytes("{}")));
        File.WriteAllText(Path.Combine(app.DataFolder, "secret.txt"), "not an artifact");
        root = $"/api/experiments/{experimentId}/runs/{run}/artifacts";
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Any_signed_in_user_downloads_a_runs_artifact()
    {
        var response = await viewer.GetAsync($"{root}/model/metadata.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Anonymous_callers_get_401()
    {
        var response = await app.CreateClient().GetAsync($"{root}/model/metadata.json");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/model/missing.json", HttpStatusCode.NotFound)]
    // An encoded slash is not a separator: the odd name is looked up as one file inside the run's folder.
    [InlineData("/..%2F..%2F..%2Fsecret.txt", HttpStatusCode.NotFound)]
    [InlineData("/model/..%2F..%2F..%2F..%2Fsecret.txt", HttpStatusCode.NotFound)]
    public async Task Missing_files_and_paths_leaving_the_run_are_refused_with_a_4xx(string suffix, HttpStatusCode expected)
    {
        var response = await viewer.GetAsync(root + suffix);

        Assert.Equal(expected, response.StatusCode);
        Assert.DoesNotContain("not an artifact", await response.Content.ReadAsStringAsync());
    }
}
