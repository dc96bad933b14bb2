using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Gateway.Integration;

/// <summary>The app with HolySheep pointed at an <see cref="UpstreamStub"/>, a model with two versions, and tokens per role.</summary>
public sealed class GatewayFixture : IAsyncDisposable
{
    public const string Password = "gateway-test-password-2026";
    public const string Model = "support-bot";

    private GatewayFixture(UpstreamStub stub, ModelHubFactory app)
    {
        Stub = stub;
        App = app;
    }

    public UpstreamStub Stub { get; }

    public ModelHubFactory App { get; }

    public string EngineerId { get; private set; } = "";

    public string ApplicationId { get; private set; } = "";

    public string ApplicationToken { get; private set; } = "";

    public static async Task<GatewayFixture> StartAsync(bool realHttp = false)
    {
        var stub = await UpstreamStub.StartAsync();
        var app = new ModelHubFactory(realHttp, new Dictionary<string, string?>
        {
            ["HolySheep:BaseUrl"] = stub.BaseUrl.ToString(),
            ["HolySheep:ApiKey"] = UpstreamStub.Key,
        });
        var fixture = new GatewayFixture(stub, app);
        var engineer = await app.CreateUserAsync("engineer@example.com", Password, Roles.Engineer);
        var service = await app.CreateUserAsync("billing-app@example.com", Password, Roles.Application);
        fixture.EngineerId = engineer.Id;
        fixture.ApplicationId = service.Id;
        fixture.ApplicationToken = await app.IssueTokenAsync(service.Id);
        return fixture;
    }

    /// <summary>Adds versions 1 and 2 of <see cref="Model"/>, with 1 in Production and 2 in Staging.</summary>
    public async Task SeedTwoVersionsAsync()
    {
        await RegistrySeeder.AddVersionAsync(App.Services, Model, EngineerId);
        await RegistrySeeder.AddVersionAsync(App.Services, Model, EngineerId);
        await RegistrySeeder.SetStageAsync(App.Services, Model, 1, ModelStage.Production, EngineerId);
        await RegistrySeeder.SetStageAsync(App.Services, Model, 2, ModelStage.Staging, EngineerId);
    }

    public async Task<string> ProviderModelIdAsync(int version)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await db.ModelVersions.Named(Model, version).Select(v => v.ProviderModelId).SingleAsync();
    }

    public HttpClient Client(string? token)
    {
        // On a real port the factory's in-memory client does not reach Kestrel: call its address.
        var client = App.RealHttp
            ? new HttpClient { BaseAddress = App.ServerAddress }
            : App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<HttpClient> ClientForRoleAsync(string email, params string[] roles)
    {
        var user = await App.CreateUserAsync(email, Password, roles);
        return Client(await App.IssueTokenAsync(user.Id));
    }

    public static Task<HttpResponseMessage> ChatAsync(HttpClient client, string model, bool stream = false, bool includeUsage = false) =>
        client.PostAsJsonAsync("/v1/chat/completions", includeUsage
            ? new { model, messages = new[] { new { role = "user", content = "Hi" } }, stream, stream_options = new { include_usage = true } }
            : (object)new { model, messages = new[] { new { role = "user", content = "Hi" } }, stream });

    /// <summary>The stored usage rows of <see cref="Model"/> after a flush.</summary>
    public async Task<List<UsageMinute>> FlushedUsageAsync()
    {
        await App.Services.GetRequiredService<UsageMeter>().FlushAsync();
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await db.UsageMinutes.ToListAsync();
    }

    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Stub.DisposeAsync();
    }
}
