using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;

namespace ModelHub.Tests.Support;

/// <summary>
/// The real ModelHub app over a real SQLite file in a fresh data folder (or its own PostgreSQL database, see
/// <see cref="TestDatabase"/>); optionally on a real loopback port.
/// </summary>
public partial class ModelHubFactory : WebApplicationFactory<Program>
{
    private readonly TempFolder? ownedFolder;
    private readonly Dictionary<string, string?> settings = new();

    /// <param name="provider">The database provider; the pass's (<see cref="TestDatabase"/>) when null.</param>
    public ModelHubFactory(bool realHttp = false, IDictionary<string, string?>? settings = null, string? dataFolder = null, DatabaseProvider? provider = null)
    {
        RealHttp = realHttp;
        if (dataFolder is null)
        {
            ownedFolder = new TempFolder("app");
            dataFolder = ownedFolder.Path;
        }

        DataFolder = dataFolder;
        foreach (var (key, value) in TestDatabase.SettingsFor(dataFolder, provider))
        {
            this.settings[key] = value;
        }

        if (settings is not null)
        {
            foreach (var (key, value) in settings)
            {
                this.settings[key] = value;
            }
        }

        if (realHttp)
        {
            UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        }
    }

    public bool RealHttp { get; }

    /// <summary>The app's data folder (database, files); shared between factories to simulate a restart.</summary>
    public string DataFolder { get; }

    /// <summary>Every log line the app wrote.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The one-time first-run setup code, read from the console log where start-up prints it.</summary>
    public string SetupCode
    {
        get
        {
            _ = Services;
            var printed = Logs.Lines.Select(line => SetupCodeLine().Match(line)).FirstOrDefault(m => m.Success);
            Assert.True(printed is not null, "Start-up printed no setup code.");
            return printed.Groups["code"].Value;
        }
    }

    /// <summary>When set, replaces the app's clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The loopback address Kestrel listens on (only with real HTTP).</summary>
    public Uri ServerAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ModelHub:DataFolder", DataFolder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        if (Time is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(Time));
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Creates a user with the given roles straight through the use case.</summary>
    public async Task<UserSummary> CreateUserAsync(string email, string password, params string[] roles)
    {
        var created = await Services.GetRequiredService<UserAdministration>().CreateAsync(email, password, roles, Actor.System);
        Assert.True(created.Succeeded, created.Error?.Message);
        return created.Value;
    }

    /// <summary>Issues an access token for a user and returns its secret.</summary>
    public async Task<string> IssueTokenAsync(string userId, int days = 30)
    {
        var issued = await Services.GetRequiredService<AccessTokens>().IssueAsync(userId, "test", days, Actor.System);
        Assert.True(issued.Succeeded, issued.Error?.Message);
        return issued.Value.Token;
    }

    [System.Text.RegularExpressions.GeneratedRegex("setup code (?<code>[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})")]
    private static partial System.Text.RegularExpressions.Regex SetupCodeLine();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (ownedFolder is not null)
        {
            TestDatabase.Release(ownedFolder.Path);
            ownedFolder.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
