using System.Net.Http.Json;
using ModelHub.Core.Identity;
using ModelHub.Tests.FineTuning.Integration;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Cli.Integration;

/// <summary>
/// ModelHub on a real loopback port (the CLI needs a URL for HTTP and the SignalR hub) with an engineer, a reviewer and
/// an on-call user, the clean sentiment datasets and two trained versions of <c>sentiment</c>, made once for the class.
/// </summary>
public sealed class CliHost : IAsyncLifetime
{
    public ModelHubFactory App { get; } = new(realHttp: true, settings: JobLifecycleTests.FastSettings(timeScale: 20));

    public TempFolder Folder { get; } = new("cli");

    public JobsApi Engineer { get; private set; } = null!;

    public JobsApi Reviewer { get; private set; } = null!;

    public JobsApi OnCall { get; private set; } = null!;

    public JobsApi Admin { get; private set; } = null!;

    public int TrainingId { get; private set; }

    public int ValidationId { get; private set; }

    public async Task InitializeAsync()
    {
        Engineer = await PromotionSeeder.ClientAsync(App, "engineer@example.com", Roles.Engineer);
        Reviewer = await PromotionSeeder.ClientAsync(App, "reviewer@example.com", Roles.Reviewer);
        OnCall = await PromotionSeeder.ClientAsync(App, "oncall@example.com", Roles.OnCall);
        Admin = await PromotionSeeder.ClientAsync(App, "admin@example.com", Roles.Admin);
        (TrainingId, ValidationId) = await DatasetSeeder.AddCleanSampleAsync(App.Services, Engineer.UserId);

        var first = (int)(await Engineer.LaunchAsync(JobsApi.Launch("sentiment", TrainingId, ValidationId)))["id"]!;
        var second = (int)(await Engineer.LaunchAsync(JobsApi.Launch("sentiment", TrainingId, ValidationId, suffix: "second")))["id"]!;
        await Engineer.WaitForEndAsync(first, TimeSpan.FromSeconds(90));
        await Engineer.WaitForEndAsync(second, TimeSpan.FromSeconds(90));
    }

    /// <summary>The CLI as <paramref name="user"/>, through MODELHUB_URL/MODELHUB_TOKEN, with its own login file.</summary>
    public CliRun As(JobsApi user) => new(App.ServerAddress, Token(user), NewLoginFile());

    public static string Token(JobsApi user) => user.Http.DefaultRequestHeaders.Authorization!.Parameter!;

    public string NewLoginFile() => Path.Combine(Folder.Path, $"login-{Guid.NewGuid():N}", "login.json");

    /// <summary>Replaces the model's gate (rules as in the API).</summary>
    public async Task SetGateAsync(string model, object gate)
    {
        using var response = await Engineer.Http.PutAsJsonAsync($"/api/models/{model}/gate", gate);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        Engineer.Dispose();
        Reviewer.Dispose();
        OnCall.Dispose();
        Admin.Dispose();
        await App.DisposeAsync();
        Folder.Dispose();
    }
}
