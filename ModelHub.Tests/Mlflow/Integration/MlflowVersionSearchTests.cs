using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;
using static ModelHub.Tests.Support.MlflowAnswers;

namespace ModelHub.Tests.Mlflow.Integration;

/// <summary>
/// <c>model-versions/search</c> by name (<c>=</c>, <c>!=</c>, <c>LIKE</c>, <c>ILIKE</c>): which versions, in which
/// order, and each with its own tags and aliases — the page reads tags and aliases only for versions that have some.
/// </summary>
public sealed class MlflowVersionSearchTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new();
    private HttpClient engineer = null!;

    public async Task InitializeAsync()
    {
        var user = await app.CreateUserAsync("search@example.com", "mlflow-search-password-2026", Roles.Engineer);
        engineer = app.CreateClient();
        engineer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(user.Id));
        foreach (var model in new[] { "sent-a", "sent-b", "other" })
        {
            await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/create", new { name = model }));
            for (var n = 1; n <= 3; n++)
            {
                await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/model-versions/create", new
                {
                    name = model,
                    source = $"s3://bucket/{model}/{n}",
                    tags = new[] { new { key = "modelhub.provider_model_id", value = $"ft:{model}:{n}" } },
                }));
            }
        }

        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/model-versions/set-tag", new { name = "sent-b", version = "2", key = "quality", value = "good" }));
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/model-versions/set-tag", new { name = "sent-b", version = "2", key = "author", value = "ada" }));
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/alias", new { name = "sent-a", alias = "champion", version = "3" }));
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/registered-models/alias", new { name = "sent-a", alias = "backup", version = "3" }));
        await OkAsync(engineer.PostAsJsonAsync("/api/2.0/mlflow/model-versions/transition-stage", new { name = "sent-b", version = "1", stage = "Staging" }));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Like_finds_the_matching_models_versions_newest_first_within_each_model()
    {
        var found = await SearchAsync("name LIKE 'sent-%'");

        Assert.Equal(["sent-a/3", "sent-a/2", "sent-a/1", "sent-b/3", "sent-b/2", "sent-b/1"], found.Select(v => $"{v.Name}/{v.Version}"));
    }

    [Fact]
    public async Task Each_version_answers_with_its_own_tags_and_aliases_and_no_others()
    {
        var found = (await SearchAsync("name LIKE 'sent%'")).ToDictionary(v => $"{v.Name}/{v.Version}");

        Assert.Equal(["modelhub.provider_model_id=ft:sent-b:2", "author=ada", "quality=good"], found["sent-b/2"].Tags);
        Assert.Equal(["backup", "champion"], found["sent-a/3"].Aliases);
        Assert.Equal(["staging"], found["sent-b/1"].Aliases);
        Assert.All(found.Values.Where(v => v is not { Name: "sent-b", Version: "2" }), v => Assert.Equal([$"modelhub.provider_model_id=ft:{v.Name}:{v.Version}"], v.Tags));
        Assert.All(found.Values.Where(v => v is not { Name: "sent-a", Version: "3" } and not { Name: "sent-b", Version: "1" }), v => Assert.Empty(v.Aliases));
    }

    [Theory]
    [InlineData("name = 'sent-b'", "sent-b/3,sent-b/2,sent-b/1")]
    [InlineData("name != 'sent-b'", "sent-a/3,sent-a/2,sent-a/1,other/3,other/2,other/1")]
    [InlineData("name LIKE '%-b'", "sent-b/3,sent-b/2,sent-b/1")]
    [InlineData("name LIKE 'sent_a'", "sent-a/3,sent-a/2,sent-a/1")]
    [InlineData("name LIKE 'SENT%'", "")]
    [InlineData("name ILIKE 'SENT-A'", "sent-a/3,sent-a/2,sent-a/1")]
    [InlineData("name LIKE 'sent-%' AND name != 'sent-a'", "sent-b/3,sent-b/2,sent-b/1")]
    [InlineData("name LIKE ''", "")]
    [InlineData("name LIKE '%'", "sent-a/3,sent-a/2,sent-a/1,sent-b/3,sent-b/2,sent-b/1,other/3,other/2,other/1")]
    [InlineData("name ILIKE 'sént%'", "")]
    [InlineData("name LIKE '~%'", "")]
    public async Task Name_conditions_select_the_versions_MLflow_would(string filter, string expected)
    {
        var found = await SearchAsync(filter);

        // Models in the order they were created (sent-a, sent-b, other), as ModelHub pages them; newest version first.
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), found.Select(v => $"{v.Name}/{v.Version}"));
    }

    [Fact]
    public async Task A_like_search_pages_with_its_token()
    {
        using var first = JsonDocument.Parse(await engineer.GetStringAsync($"/api/2.0/mlflow/model-versions/search?filter={Uri.EscapeDataString("name LIKE 'sent%'")}&max_results=4"));
        var token = first.RootElement.GetProperty("next_page_token").GetString();
        using var second = JsonDocument.Parse(await engineer.GetStringAsync($"/api/2.0/mlflow/model-versions/search?filter={Uri.EscapeDataString("name LIKE 'sent%'")}&max_results=4&page_token={token}"));

        Assert.Equal(4, first.RootElement.GetProperty("model_versions").GetArrayLength());
        Assert.Equal(["sent-b/2", "sent-b/1"], second.RootElement.GetProperty("model_versions").EnumerateArray()
            .Select(v => $"{v.GetProperty("name").GetString()}/{v.GetProperty("version").GetString()}"));
    }

    private async Task<List<(string Name, string Version, List<string> Tags, List<string> Aliases)>> SearchAsync(string filter)
    {
        var body = await OkAsync(engineer.GetAsync($"/api/2.0/mlflow/model-versions/search?filter={Uri.EscapeDataString(filter)}"));
        return body.TryGetProperty("model_versions", out var versions)
            ? [.. versions.EnumerateArray().Select(v => (
                v.GetProperty("name").GetString()!,
                v.GetProperty("version").GetString()!,
                v.GetProperty("tags").EnumerateArray().Select(t => $"{t.GetProperty("key").GetString()}={t.GetProperty("value").GetString()}").ToList(),
                v.TryGetProperty("aliases", out var a) ? a.EnumerateArray().Select(x => x.GetString()!).ToList() : []))]
            : [];
    }
}
