using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Registry.Integration;

/// <summary><c>/api/models</c> and <c>/api/compare</c> for scripts.</summary>
public sealed class ModelsApiTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new(realHttp: true);
    private JobsApi api = null!;

    public async Task InitializeAsync() => api = await JobsApi.SignInAsync(app);

    public async Task DisposeAsync()
    {
        api.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_model_is_created_listed_searched_and_paged()
    {
        using var created = await api.Http.PostAsJsonAsync("/api/models", new { name = "summarizer", description = "Summaries of *tickets*." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/models/summarizer", created.Headers.Location?.ToString());
        Assert.Equal("Summaries of *tickets*.", (string?)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["description"]);

        using var duplicate = await api.Http.PostAsJsonAsync("/api/models", new { name = "summarizer" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        using var invalid = await api.Http.PostAsJsonAsync("/api/models", new { name = "Not Valid" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var audited = Assert.Single(JsonNode.Parse(await api.Http.GetStringAsync("/api/audit?action=model.created"))!["items"]!.AsArray())!;
        Assert.Equal(("model", "summarizer", api.UserId), ((string?)audited["objectType"], (string?)audited["objectName"], (string?)audited["actorId"]));
        Assert.Equal("""{"name":"summarizer","description":"Summaries of *tickets*."}""", (string?)audited["after"]);

        for (var i = 0; i < 4; i++)
        {
            await RegistrySeeder.AddVersionAsync(app.Services, $"sentiment-{i}", api.UserId);
        }

        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment-2", api.UserId);
        await RegistrySeeder.SetStageAsync(app.Services, "sentiment-2", 2, ModelStage.Production, api.UserId);
        await RegistrySeeder.SetStageAsync(app.Services, "sentiment-2", 1, ModelStage.Staging, api.UserId);

        var page = JsonNode.Parse(await api.Http.GetStringAsync("/api/models?search=sentiment&sort=Name&descending=false&skip=1&take=2"))!;
        Assert.Equal(4, (int)page["total"]!);
        Assert.Equal(["sentiment-1", "sentiment-2"], page["items"]!.AsArray().Select(m => (string)m!["name"]!).ToArray());
        var two = page["items"]![1]!;
        Assert.Equal(2, (int)two["productionVersion"]!);
        Assert.Equal(1, (int)two["stagingVersion"]!);
        Assert.Equal(2, (int)two["latestVersion"]!);
        Assert.Equal("engineer@example.com", (string?)two["owner"]);

        var byVersions = JsonNode.Parse(await api.Http.GetStringAsync("/api/models?sort=Versions&take=1"))!;
        Assert.Equal("sentiment-2", (string?)byVersions["items"]![0]!["name"]);
    }

    [Fact]
    public async Task A_model_and_a_version_show_environments_lineage_and_history()
    {
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", api.UserId);
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", api.UserId);
        await RegistrySeeder.SetStageAsync(app.Services, "sentiment", 1, ModelStage.Production, api.UserId);
        using var put = await api.Http.PutAsJsonAsync("/api/models/sentiment/aliases/canary", new { version = 2 });

        var model = JsonNode.Parse(await api.Http.GetStringAsync("/api/models/sentiment"))!;
        Assert.Equal(1, (int)model["production"]!["version"]!);
        Assert.Null(model["staging"]);
        Assert.Equal(["canary"], model["versions"]![0]!["aliases"]!.AsArray().Select(a => (string)a!).ToArray());
        Assert.Equal("Production", (string?)model["versions"]![1]!["stage"]);
        Assert.Contains(model["history"]!.AsArray(), h => (string?)h!["to"] == "Production" && (string?)h["from"] == "None");

        var version = JsonNode.Parse(await api.Http.GetStringAsync("/api/models/sentiment/versions/1"))!;
        Assert.Equal(64, ((string)version["training"]!["sha256"]!).Length);
        Assert.Equal(3, (int)version["nEpochs"]!);
        Assert.True((double)version["finalMetrics"]!["train_loss"]! > 0);

        using var missing = await api.Http.GetAsync("/api/models/sentiment/versions/9");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Compare_downsamples_each_series_and_flags_differing_parameters()
    {
        await RegistrySeeder.AddVersionAsync(app.Services, "sentiment", api.UserId, steps: 3000, epochs: 3);
        await RegistrySeeder.AddVersionAsync(app.Services, "other", api.UserId, steps: 40, epochs: 5);

        var comparison = JsonNode.Parse(await api.Http.GetStringAsync("/api/compare?v=sentiment:1&v=other:1"))!;
        var loss = comparison["metrics"]!.AsArray().Single(m => (string?)m!["metric"] == "train_loss")!;
        var series = loss["series"]!.AsArray();
        Assert.Equal(["sentiment v1", "other v1"], series.Select(s => (string)s!["version"]!).ToArray());
        Assert.Equal(3000, (int)series[0]!["originalPoints"]!);
        Assert.Equal(CompareVersions.MaxPointsPerSeries, series[0]!["steps"]!.AsArray().Count);
        Assert.Equal(40, series[1]!["steps"]!.AsArray().Count);
        var epochs = comparison["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "Epochs")!;
        Assert.True((bool)epochs["differs"]!);
        Assert.False((bool)comparison["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "Base model")!["differs"]!);

        using var one = await api.Http.GetAsync("/api/compare?v=sentiment:1");
        Assert.Equal(HttpStatusCode.BadRequest, one.StatusCode);
        using var unknown = await api.Http.GetAsync("/api/compare?v=sentiment:1&v=sentiment:7");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var malformed = await api.Http.GetAsync("/api/compare?v=sentiment&v=other:1");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }
}
