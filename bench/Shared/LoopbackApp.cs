using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelHub.BenchSupport;

/// <summary>
/// The real ModelHub app on a loopback port over a fresh data folder (deleted on dispose), logging warnings only.
/// Shared by the benchmark projects as a linked source file: they cannot reference the test project's support code.
/// </summary>
internal class LoopbackApp : WebApplicationFactory<ModelHub.Web.Components.App>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string environment;

    public LoopbackApp(string name, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Production")
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        this.environment = environment;
        DataFolder = Directory.CreateTempSubdirectory($"modelhub-{name}-").FullName;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataFolder { get; }

    /// <summary>Starts the server on first use and returns its address.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ModelHub:DataFolder", DataFolder);
        builder.ConfigureLogging(logging => logging.AddFilter((_, level) => level >= LogLevel.Warning));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
