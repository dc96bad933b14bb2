using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Datasets.Integration;

/// <summary><c>POST /api/datasets</c>, the endpoint the upload page posts to: stream, validate, store once.</summary>
public sealed class DatasetUploadApiTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-7";
    private const int SmallLimit = 4096;

    private readonly ModelHubFactory app = new();
    private readonly ModelHubFactory smallLimitApp = new(settings: new Dictionary<string, string?> { ["ModelHub:MaxUploadBytes"] = SmallLimit.ToString() });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await smallLimitApp.DisposeAsync();
    }

    [Fact]
    public async Task A_clean_file_is_stored_by_its_sha256_and_the_same_bytes_again_return_the_existing_dataset()
    {
        var api = await EngineerClientAsync(app);
        var content = SampleDatasets.CleanTrain();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

        var first = await api.PostAsync("/api/datasets", Upload(content, "Sentiment train", "training", description: "300 reviews"));
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        var created = await Json(first);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/datasets/{id}", first.Headers.Location?.ToString());
        Assert.Equal(sha, created.GetProperty("sha256").GetString());
        Assert.Equal("validated", created.GetProperty("status").GetString());
        Assert.Equal("training", created.GetProperty("purpose").GetString());
        Assert.Equal("300 reviews", created.GetProperty("description").GetString());
        Assert.Equal(0, created.GetProperty("report").GetProperty("errors").GetArrayLength());
        Assert.Equal(SampleDatasets.TrainCount, created.GetProperty("stats").GetProperty("exampleCount").GetInt32());
        Assert.True(created.GetProperty("stats").GetProperty("totalTokens").GetInt64() > 0);
        Assert.True(File.Exists(Path.Combine(app.DataFolder, "datasets", sha[..2], sha + ".jsonl")));

        var again = await api.PostAsync("/api/datasets", Upload(content, "Same bytes, other name", "validation"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var existing = await Json(again);
        Assert.Equal(id, existing.GetProperty("id").GetInt32());
        Assert.Equal("Sentiment train", existing.GetProperty("name").GetString());

        var list = await api.GetFromJsonAsync<JsonElement>("/api/datasets");
        Assert.Equal(1, list.GetArrayLength());
        Assert.Single(StoredFiles(app));
        Assert.Empty(IncomingFiles(app));

        var details = await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}");
        Assert.Equal(sha, details.GetProperty("sha256").GetString());
        Assert.True(details.GetProperty("stats").GetProperty("tokenHistogram").GetProperty("counts").GetArrayLength() > 0);
        Assert.Equal(content, await api.GetStringAsync($"/api/datasets/{id}/content"));
    }

    [Fact]
    public async Task A_file_with_errors_gets_422_with_the_report_and_nothing_is_stored()
    {
        var api = await EngineerClientAsync(app);

        var response = await api.PostAsync("/api/datasets", Upload(SampleDatasets.FormatMistakes(), "Broken", "training"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        var report = problem.GetProperty("report");
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.True(e.GetProperty("line").GetInt32() >= 0);
            Assert.False(string.IsNullOrEmpty(e.GetProperty("kind").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString()));
            Assert.True(e.TryGetProperty("field", out _));
        });
        Assert.Contains(errors, e => e.GetProperty("kind").GetString() == "invalid-json" && e.GetProperty("line").GetInt32() > 0);
        Assert.True(report.GetProperty("countsByKind").GetProperty("invalid-json").GetInt32() > 0);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength());
        Assert.Empty(StoredFiles(app));
        Assert.Empty(IncomingFiles(app));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_gets_413_naming_the_limit_and_leaves_no_file_behind()
    {
        var api = await EngineerClientAsync(smallLimitApp);

        var response = await api.PostAsync("/api/datasets", Upload(SampleDatasets.CleanTrain(), "Too big", "training"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await Json(response);
        Assert.Contains("4 KiB", problem.GetProperty("detail").GetString());
        Assert.Equal(SmallLimit, problem.GetProperty("maxBytes").GetInt64());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength());
        Assert.Empty(StoredFiles(smallLimitApp));
        Assert.Empty(IncomingFiles(smallLimitApp));
    }

    [Fact]
    public async Task Only_engineers_upload_and_a_cookie_post_needs_the_antiforgery_token()
    {
        await app.CreateUserAsync("viewer@example.com", Password);
        var viewer = await app.CreateUserAsync("viewer2@example.com", Password);
        var viewerApi = Bearer(app, await app.IssueTokenAsync(viewer.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.PostAsync("/api/datasets", Upload(SampleDatasets.CleanTrain(), "x", "training"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewerApi.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/datasets")).StatusCode);
        Assert.Contains("/api/datasets", await viewerApi.GetStringAsync("/openapi/v1.json"));
        var viewerBrowser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormSignIn.SignInAsync(viewerBrowser, "viewer@example.com", Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerBrowser.GetAsync("/datasets/upload")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewerBrowser.GetAsync("/datasets")).StatusCode);

        await app.CreateUserAsync("cookie-engineer@example.com", Password, Roles.Engineer);
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await FormSignIn.SignInAsync(browser, "cookie-engineer@example.com", Password);
        var forged = await browser.PostAsync("/api/datasets", Upload(SampleDatasets.CleanTrain(), "forged", "training"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("antiforgery", (await Json(forged)).GetProperty("code").GetString());
        Assert.Empty(StoredFiles(app));
    }

    [Fact]
    public async Task An_archived_dataset_leaves_the_list_but_keeps_its_page_and_file()
    {
        var api = await EngineerClientAsync(app);
        var created = await Json(await api.PostAsync("/api/datasets", Upload(SampleDatasets.CleanValidation(), "Validation", "validation")));
        var id = created.GetProperty("id").GetInt32();

        var archived = await api.PostAsync($"/api/datasets/{id}/archive", null);

        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Equal("archived", (await Json(archived)).GetProperty("status").GetString());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength());
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonElement>("/api/datasets?includeArchived=true")).GetArrayLength());
        Assert.Equal("archived", (await api.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}")).GetProperty("status").GetString());
        Assert.Equal(SampleDatasets.CleanValidation(), await api.GetStringAsync($"/api/datasets/{id}/content"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsync("/api/datasets/999/archive", null)).StatusCode);
    }

    [Fact]
    public async Task A_path_in_the_file_name_is_kept_only_as_a_display_name()
    {
        var api = await EngineerClientAsync(app);

        var response = await api.PostAsync("/api/datasets", Upload(SampleDatasets.CleanValidation(), "Paths", "validation", fileName: "../../etc/evil.jsonl"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await Json(response);
        Assert.Equal("evil.jsonl", created.GetProperty("originalFileName").GetString());
        var sha = created.GetProperty("sha256").GetString()!;
        Assert.Equal(Path.Combine(app.DataFolder, "datasets", sha[..2], sha + ".jsonl"), Assert.Single(StoredFiles(app)));
    }

    [Fact]
    public async Task Missing_fields_get_a_400_that_names_the_field()
    {
        var api = await EngineerClientAsync(app);

        var response = await api.PostAsync("/api/datasets", Upload(SampleDatasets.CleanTrain(), "Named", "testing"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("purpose", (await Json(response)).GetProperty("field").GetString());
        Assert.Empty(IncomingFiles(app));
    }

    internal static MultipartFormDataContent Upload(string content, string name, string purpose, string? description = null, string fileName = "data.jsonl")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new StringContent(purpose), "purpose" },
        };
        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }

        var file = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(content)));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", fileName);
        return form;
    }

    private static async Task<HttpClient> EngineerClientAsync(ModelHubFactory factory)
    {
        var engineer = await factory.CreateUserAsync("engineer@example.com", Password, Roles.Engineer);
        return Bearer(factory, await factory.IssueTokenAsync(engineer.Id));
    }

    private static HttpClient Bearer(ModelHubFactory factory, string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string[] StoredFiles(ModelHubFactory factory) =>
        Directory.Exists(Path.Combine(factory.DataFolder, "datasets"))
            ? Directory.GetFiles(Path.Combine(factory.DataFolder, "datasets"), "*.jsonl", SearchOption.AllDirectories)
            : [];

    private static string[] IncomingFiles(ModelHubFactory factory) =>
        Directory.Exists(Path.Combine(factory.DataFolder, "datasets", "incoming"))
            ? Directory.GetFiles(Path.Combine(factory.DataFolder, "datasets", "incoming"))
            : [];
}
