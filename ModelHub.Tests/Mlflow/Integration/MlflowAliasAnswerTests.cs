using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Identity;
using ModelHub.Core.Mlflow;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;
using static ModelHub.Tests.Support.MlflowAnswers;

namespace ModelHub.Tests.Mlflow.Integration;

/// <summary>
/// <c>GET registered-models/alias</c> answers from a cache; every change that shows in its <c>model_version</c>, from
/// either door, is visible in the very next call.
/// </summary>
public sealed class MlflowAliasAnswerTests : IAsyncLifetime
{
    private const string Model = "answers";
    private readonly ModelHubFactory app = new();
    private HttpClient engineer = null!;
    private Actor actor = null!;

    public async Task InitializeAsync()
    {
        var user = await app.CreateUserAsync("answers@example.com", "mlflow-answers-password-2026", Roles.Engineer);
        actor = new Actor(user.Id, "answers@example.com");
        engineer = app.CreateClient();
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/create", new { name = Model }));
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/experiments/create", new { name = "answers-experiment" }));
        await RegisterAsync("ft:first");
        await RegisterAsync("ft:second");
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/alias", new { name = Model, alias = "champion", version = "1" }));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_description_update_shows_in_the_next_alias_answer()
    {
        Assert.Null((await ChampionAsync()).Description);

        await OkAsync(engineer.PatchAsJsonAsync("/api/2.0/mlflow/model-versions/update", new { name = Model, version = "1", description = "now described" }));

        Assert.Equal("now described", (await ChampionAsync()).Description);
    }

    [Fact]
    public async Task Version_tags_set_and_deleted_show_in_the_next_alias_answer()
    {
        Assert.DoesNotContain((await ChampionAsync()).Tags, t => t.Key == "quality");

        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/model-versions/set-tag", new { name = Model, version = "1", key = "quality", value = "good" }));
        Assert.Contains((await ChampionAsync()).Tags, t => t is { Key: "quality", Value: "good" });

        await OkAsync(engineer.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/2.0/mlflow/model-versions/delete-tag")
        {
            Content = JsonContent.Create(new { name = Model, version = "1", key = "quality" }),
        }));
        Assert.DoesNotContain((await ChampionAsync()).Tags, t => t.Key == "quality");
    }

    [Fact]
    public async Task Moving_and_removing_the_alias_through_either_door_shows_in_the_next_answer()
    {
        Assert.Equal("1", (await ChampionAsync()).Version);

        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/alias", new { name = Model, alias = "champion", version = "2" }));
        Assert.Equal("2", (await ChampionAsync()).Version);

        Assert.True((await app.Services.GetRequiredService<SetModelAlias>().SetAsync(Model, "champion", 1, actor)).Succeeded);
        Assert.Equal("1", (await ChampionAsync()).Version);

        Assert.True((await app.Services.GetRequiredService<RemoveModelAlias>().RemoveAsync(Model, "champion", actor)).Succeeded);
        var gone = await engineer.GetAsync($"/api/2.0/mlflow/registered-models/alias?name={Model}&alias=champion");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Stage_moves_through_either_door_show_in_the_next_answer()
    {
        Assert.Equal("None", (await ChampionAsync()).CurrentStage);

        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/model-versions/transition-stage", new { name = Model, version = "1", stage = "Staging" }));
        var staged = await ChampionAsync();
        Assert.Equal("Staging", staged.CurrentStage);
        Assert.Contains("staging", staged.Aliases);

        Assert.True((await app.Services.GetRequiredService<ChangeStage>().ChangeAsync(Model, 1, ModelStage.Archived, "retired", actor)).Succeeded);
        var archived = await ChampionAsync();
        Assert.Equal("Archived", archived.CurrentStage);
        Assert.DoesNotContain("staging", archived.Aliases);
    }

    [Fact]
    public async Task A_new_version_moves_latest_in_the_next_answer()
    {
        Assert.Equal("2", (await AliasAsync("latest")).Version);

        await RegisterAsync("ft:third");

        Assert.Equal("3", (await AliasAsync("latest")).Version);
    }

    [Fact]
    public async Task A_stale_answer_loaded_before_a_change_committed_is_never_stored()
    {
        var cache = app.Services.GetRequiredService<AliasResolutionCache>();
        var stale = await ChampionAsync();
        cache.Invalidate(Model);

        // A reader that noted the generation, then loaded, while a change committed and invalidated.
        var generation = cache.Generation(Model);
        cache.Invalidate(Model);
        cache.TryStoreAnswer(Model, "champion", stale with { Description = "stale" }, generation);

        Assert.Null(cache.TryGetAnswer<ModelVersionView>(Model, "champion"));
        Assert.Null((await ChampionAsync()).Description);
        Assert.NotNull(cache.TryGetAnswer<ModelVersionView>(Model, "champion"));
    }

    [Fact]
    public async Task Concurrent_readers_and_writers_end_on_the_committed_answer()
    {
        var writes = Enumerable.Range(0, 20).Select(async i =>
            await OkAsync(engineer.PatchAsJsonAsync("/api/2.0/mlflow/model-versions/update", new { name = Model, version = "1", description = $"d{i}" })));
        var reads = Enumerable.Range(0, 60).Select(_ => ChampionAsync());
        await Task.WhenAll([.. writes, .. reads]);

        await OkAsync(engineer.PatchAsJsonAsync("/api/2.0/mlflow/model-versions/update", new { name = Model, version = "1", description = "final" }));
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ChampionAsync()));

        Assert.All(answers, a => Assert.Equal("final", a.Description));
    }

    private Task<ModelVersionView> ChampionAsync() => AliasAsync("champion");

    private async Task<ModelVersionView> AliasAsync(string alias)
    {
        var response = await engineer.GetAsync($"/api/2.0/mlflow/registered-models/alias?name={Model}&alias={alias}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        var v = body.RootElement.GetProperty("model_version");
        return new ModelVersionView(
            v.GetProperty("name").GetString()!, v.GetProperty("version").GetString()!, 0, 0, "", v.GetProperty("current_stage").GetString()!,
            v.TryGetProperty("description", out var d) ? d.GetString() : null, "", null, "READY",
            [.. v.GetProperty("tags").EnumerateArray().Select(t => new KeyValue(t.GetProperty("key").GetString()!, t.GetProperty("value").GetString()!))],
            v.TryGetProperty("aliases", out var a) ? [.. a.EnumerateArray().Select(x => x.GetString()!)] : []);
    }

    private async Task RegisterAsync(string providerModelId)
    {
        var run = await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "1", start_time = 1 }));
        var runId = run.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "fine_tuned_model", value = providerModelId }));
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/model-versions/create", new { name = Model, source = $"runs:/{runId}/model", run_id = runId }));
    }
}
