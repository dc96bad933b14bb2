using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Files;

using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Simulator.Unit;

namespace ModelHub.Tests.Simulator.Integration;

/// <summary>Who may call the app's simulator: ModelHub with its own key, Engineers and Admins with their access token.</summary>
public sealed class SimulatorAccessTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    public static TheoryData<string?> StrangerKeys => new()
    {
        null,
        "Bearer anything",
        "Bearer sk-simulator",
        "Bearer " + AccessTokenSecret.Generate(),
        "Basic dXNlcjpwYXNz",
    };

    [Theory]
    [MemberData(nameof(StrangerKeys))]
    public async Task Strangers_get_401_in_OpenAI_shape_on_every_route_and_change_nothing(string? authorization)
    {
        var (fileId, jobId) = await SeedAsync();
        using var client = app.CreateClient();

        foreach (var (method, path, body) in EveryRoute(fileId, jobId))
        {
            using var request = new HttpRequestMessage(method, "/simulator/v1/" + path) { Content = body };
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("invalid_api_key", (await OpenAIErrorAsync(response)).GetProperty("code").GetString());
        }

        var engine = app.Services.GetRequiredService<SimulatorEngine>();
        Assert.True(engine.GetFile(fileId).Succeeded);
        Assert.NotEqual(SimJobStatus.Cancelled, engine.GetJob(jobId).Value.Status);
        Assert.Single(engine.ListJobs(null, 100).Data);
        Assert.Single(engine.ListFiles(null));
    }

    [Theory]
    [InlineData("")]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.OnCall)]
    public async Task A_valid_token_of_a_Viewer_Reviewer_or_OnCall_gets_403_in_OpenAI_shape(string role)
    {
        var (fileId, jobId) = await SeedAsync();
        var viewer = await app.CreateUserAsync("viewer@example.com", "viewer-password-2026", role.Length == 0 ? [] : [role]);
        using var client = Client(await app.IssueTokenAsync(viewer.Id));

        foreach (var (method, path, body) in EveryRoute(fileId, jobId))
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, "/simulator/v1/" + path) { Content = body });

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
            Assert.Equal("insufficient_permissions", (await OpenAIErrorAsync(response)).GetProperty("code").GetString());
        }

        Assert.True(app.Services.GetRequiredService<SimulatorEngine>().GetFile(fileId).Succeeded);
    }

    [Fact]
    public async Task A_revoked_token_gets_401()
    {
        var engineer = await app.CreateUserAsync("engineer@example.com", "engineer-password-2026", Roles.Engineer);
        var issued = await app.Services.GetRequiredService<AccessTokens>().IssueAsync(engineer.Id, "sdk", 30, Core.Audit.Actor.System);
        await app.Services.GetRequiredService<AccessTokens>().RevokeAsync(engineer.Id, issued.Value.Id, Core.Audit.Actor.System);
        using var client = Client(issued.Value.Token);

        using var response = await client.GetAsync("/simulator/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Engineer)]
    [InlineData(Roles.Admin)]
    public async Task An_Engineer_or_Admin_token_works_as_the_API_key_of_the_official_OpenAI_SDK(string role)
    {
        var user = await app.CreateUserAsync("sdk@example.com", "sdk-user-password-2026", role);
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(app.Server.BaseAddress, "/simulator/v1"),
            Transport = new HttpClientPipelineTransport(app.CreateClient()),
        };
        var client = new OpenAIClient(new ApiKeyCredential(await app.IssueTokenAsync(user.Id)), options);

        OpenAIFile uploaded = await client.GetOpenAIFileClient().UploadFileAsync(
            BinaryData.FromString(SampleDatasets.CleanValidation()), "validation.jsonl", FileUploadPurpose.FineTune);
        ChatCompletion answer = await client.GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Arrived broken. One star.")]);

        Assert.StartsWith("file-", uploaded.Id);
        Assert.False(string.IsNullOrWhiteSpace(answer.Content[0].Text));
    }

    [Fact]
    public async Task The_simulator_key_is_generated_once_into_the_data_folder_readable_by_the_owner_only()
    {
        var secret = app.Services.GetRequiredService<SimulatorSecret>();

        Assert.StartsWith(Path.GetFullPath(app.DataFolder), secret.Path);
        Assert.Equal(secret.Key, (await File.ReadAllTextAsync(secret.Path)).Trim());
        Assert.StartsWith(SimulatorSecret.Marker, secret.Key);
        Assert.True(secret.Key.Length >= 40);
        Assert.DoesNotContain(secret.Key, secret.ToString());
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(secret.Path)!, "*.tmp"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret.Path));
        }

        await using var restarted = new ModelHubFactory(dataFolder: app.DataFolder);
        Assert.Equal(secret.Key, restarted.Services.GetRequiredService<SimulatorSecret>().Key);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(secret.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_a_HolySheep_key_the_simulator_is_not_mapped_unless_enabled_explicitly()
    {
        var holySheep = new Dictionary<string, string?> { ["HolySheep:ApiKey"] = "sk-live-NotUsedInThisTest-0000" };
        await using var withKey = new ModelHubFactory(settings: holySheep);
        await using var enabled = new ModelHubFactory(settings: new Dictionary<string, string?>(holySheep) { ["Simulator:Enabled"] = "true" });

        Assert.False(MapsSimulator(withKey));
        Assert.True(MapsSimulator(enabled));
        Assert.True(MapsSimulator(app));
        var engineer = await enabled.CreateUserAsync("engineer@example.com", "engineer-password-2026", Roles.Engineer);
        using var client = enabled.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await enabled.IssueTokenAsync(engineer.Id));
        using var models = await client.GetAsync("/simulator/v1/models");
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    private static bool MapsSimulator(ModelHubFactory factory) =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Any(e => e.RoutePattern.RawText?.StartsWith("/simulator", StringComparison.Ordinal) == true);

    /// <summary>A fine-tune file and a long job, created with ModelHub's own key (which must keep working).</summary>
    private async Task<(string FileId, string JobId)> SeedAsync()
    {
        using var client = Client(app.Services.GetRequiredService<SimulatorSecret>().Key);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("fine-tune"), "purpose" },
            { new StringContent(SampleDatasets.CleanTrain()), "file", SampleDatasets.CleanTrainFile },
        };
        using var uploaded = await client.PostAsync("/simulator/v1/files", form);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var fileId = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var created = await client.PostAsync("/simulator/v1/fine_tuning/jobs", Json(new { model = "gpt-4o-mini-2024-07-18", training_file = fileId, hyperparameters = new { n_epochs = 50 } }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return (fileId, JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
    }

    private static IEnumerable<(HttpMethod Method, string Path, HttpContent? Body)> EveryRoute(string fileId, string jobId)
    {
        yield return (HttpMethod.Get, "models", null);
        yield return (HttpMethod.Get, "files", null);
        yield return (HttpMethod.Get, $"files/{fileId}", null);
        yield return (HttpMethod.Get, $"files/{fileId}/content", null);
        yield return (HttpMethod.Delete, $"files/{fileId}", null);
        yield return (HttpMethod.Post, "files", new MultipartFormDataContent
        {
            { new StringContent("fine-tune"), "purpose" },
            { new StringContent(SampleDatasets.CleanTrain()), "file", "stolen.jsonl" },
        });
        yield return (HttpMethod.Get, "fine_tuning/jobs", null);
        yield return (HttpMethod.Post, "fine_tuning/jobs", Json(new { model = "gpt-4o-mini-2024-07-18", training_file = fileId }));
        yield return (HttpMethod.Get, $"fine_tuning/jobs/{jobId}", null);
        yield return (HttpMethod.Get, $"fine_tuning/jobs/{jobId}/events", null);
        yield return (HttpMethod.Get, $"fine_tuning/jobs/{jobId}/checkpoints", null);
        yield return (HttpMethod.Post, $"fine_tuning/jobs/{jobId}/cancel", null);
        yield return (HttpMethod.Post, "chat/completions", Json(new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hi" } } }));
        yield return (HttpMethod.Get, "no/such/route", null);
    }

    private HttpClient Client(string bearer)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> OpenAIErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error").Clone();
        foreach (var field in new[] { "message", "type", "param", "code" })
        {
            Assert.True(error.TryGetProperty(field, out _), $"the error object has no '{field}'");
        }

        return error;
    }
}
