using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Providers;
using ModelHub.Core.Simulator;
using ModelHub.Web.Simulator;

namespace ModelHub.Tests.Support;

/// <summary>
/// The simulator's endpoints in a small real Kestrel host on a free loopback port, with its own data folder.
/// Use as an xunit fixture (fast jobs) or through <see cref="StartAsync"/> for a custom folder or speed.
/// </summary>
public sealed class SimulatorHost : IAsyncLifetime
{
    public const double FastTimeScale = 120;

    private WebApplication? app;
    private bool ownsFolder = true;
    private double timeScale = FastTimeScale;

    public string DataFolder { get; private set; } = Path.Combine(Path.GetTempPath(), "modelhub-sim-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The simulator's OpenAI base URL, e.g. <c>http://127.0.0.1:41234/simulator/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The host has not started.");

    public SimulatorFaults Faults => Services.GetRequiredService<SimulatorFaults>();

    public SimulatorEngine Engine => Services.GetRequiredService<SimulatorEngine>();

    /// <summary>The key the simulator generated into its data folder: the one key a bare simulator host accepts.</summary>
    public string Secret => Services.GetRequiredService<SimulatorSecret>().Key;

    /// <summary>The provider as the app itself resolves it with no key: pointed at its own simulator.</summary>
    public IFineTuningProvider AppProvider => Services.GetRequiredService<IFineTuningProvider>();

    public static async Task<SimulatorHost> StartAsync(string dataFolder, double timeScale = FastTimeScale)
    {
        var host = new SimulatorHost { DataFolder = dataFolder, ownsFolder = false, timeScale = timeScale };
        await host.InitializeAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelHub:DataFolder"] = DataFolder,
            ["Simulator:TimeScale"] = timeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulator:Faults:RetryAfterSeconds"] = "0",
        });
        builder.Logging.ClearProviders();
        builder.Services.AddModelHubSimulatorHost(builder.Configuration);
        builder.Services.AddModelHubProvider(builder.Configuration);
        app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.MapSimulatorApi();
        await app.StartAsync();
        BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + SimulatorApi.Prefix);
    }

    /// <summary>
    /// A DI container holding the real provider pointed at this host: as HolySheep when <paramref name="apiKey"/> is
    /// given, else as the simulator called with its own key. Retries are quick so fault-injection tests stay fast.
    /// </summary>
    public ServiceProvider CreateProviderServices(string? apiKey = null, ILoggerProvider? logs = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HolySheep:BaseUrl"] = BaseUrl.ToString(),
            ["HolySheep:ApiKey"] = apiKey,
            ["HolySheep:MaxRetries"] = "8",
            ["HolySheep:RetryBaseDelay"] = "00:00:00.005",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddKeyedSingleton<IProviderEndpoint>(ProviderEndpoints.SimulatorServiceKey, new FixedProviderEndpoint(BaseUrl, Secret, IsSimulator: true));
        services.AddModelHubProvider(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>A plain HttpClient for wire-level tests, sending the simulator's key; <see cref="CreateAnonymousHttpClient"/> sends none.</summary>
    public HttpClient CreateHttpClient() => CreateHttpClient(Secret);

    /// <summary>A plain HttpClient sending <paramref name="bearer"/> as its key.</summary>
    public HttpClient CreateHttpClient(string bearer)
    {
        var client = CreateAnonymousHttpClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return client;
    }

    /// <summary>A plain HttpClient with no Authorization header.</summary>
    public HttpClient CreateAnonymousHttpClient() => new() { BaseAddress = new Uri(BaseUrl + "/") };

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (ownsFolder && Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}
