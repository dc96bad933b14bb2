using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelHub.LiveBench;

/// <summary>The real ModelHub app on a loopback port over a fresh data folder, with its own simulator.</summary>
internal sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    public BenchHost(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
        DataFolder = Directory.CreateTempSubdirectory("modelhub-livebench-").FullName;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataFolder { get; }

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
        builder.UseEnvironment("Development");
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
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
