using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core;
using ModelHub.Core.Data;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Scaleout.Integration;

/// <summary>
/// The scale-out topology with local processes: three built apps (<c>dotnet ModelHub.Web.dll</c>) on one PostgreSQL
/// database (in the test run's <see cref="PostgresCluster"/>) and one shared data folder, one <c>redis-server</c>, and one provider simulator all instances call as HolySheep. Each app
/// gets <c>deploy/instance.env</c> as-is (what compose deploys) plus its own address and the shared addresses.
/// </summary>
public sealed class InstanceCluster : IAsyncLifetime
{
    public const string AdminEmail = "admin@scaleout.local";
    public const string Password = "scaleout-password-9";
    public const int Size = 3;

    private readonly TempFolder data = new("scaleout");
    private readonly string adminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private readonly List<AppInstance> instances = [];
    private SimulatorHost simulator = null!;
    private string connectionString = null!;

    public RedisServer Redis { get; private set; } = null!;

    public IReadOnlyList<AppInstance> Instances => instances;

    /// <summary>The shared data folder (database, dataset files, key ring).</summary>
    public string DataFolder => data.Path;

    /// <summary>ModelHub's Core services over the shared database, for seeding and for checking invariants.</summary>
    public ServiceProvider Database { get; private set; } = null!;

    public SimulatorHost Simulator => simulator;

    public async Task InitializeAsync()
    {
        connectionString = PostgresCluster.Instance.CreateDatabase();
        Redis = await RedisServer.StartAsync();
        simulator = await SimulatorHost.StartAsync(Path.Combine(data.Path, "simulator"), timeScale: 1);
        var shared = InstanceEnv();
        for (var i = 0; i < Size; i++)
        {
            instances.Add(new AppInstance($"instance-{(char)('a' + i)}", FreePort(), data.Path));
        }

        // The first instance migrates the database, creates the key ring and the Admin; the others start together after it.
        await instances[0].StartAsync(Settings(instances[0], shared));
        await Task.WhenAll(instances.Skip(1).Select(instance => instance.StartAsync(Settings(instance, shared))));
        Database = DatabaseServices();
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in instances)
        {
            instance.Kill();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        await simulator.DisposeAsync();
        await Redis.DisposeAsync();
        PostgresCluster.Instance.DropDatabase(connectionString);
        data.Dispose();
    }

    /// <summary>Starts a killed instance again with the same settings.</summary>
    public Task RestartAsync(AppInstance instance) => instance.StartAsync(Settings(instance, InstanceEnv()));

    /// <summary>An API client of <paramref name="instance"/> sending <paramref name="token"/>.</summary>
    public static HttpClient Client(AppInstance instance, string token)
    {
        var client = new HttpClient { BaseAddress = instance.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient AdminClient(AppInstance instance) => Client(instance, adminToken);

    /// <summary>Creates a user with <paramref name="role"/> through the API of <paramref name="instance"/> and issues them a token.</summary>
    public async Task<string> UserTokenAsync(AppInstance instance, string email, string role)
    {
        using var admin = AdminClient(instance);
        var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { role } });
        var user = await JsonAsync(created);
        var issued = await admin.PostAsJsonAsync($"/api/users/{(string)user["id"]!}/tokens", new { name = "scaleout", expiresInDays = 1 });
        return (string)(await JsonAsync(issued))["token"]!;
    }

    /// <summary>The instances that say in <c>/readyz</c> that they hold the background-work lease.</summary>
    public async Task<IReadOnlyList<AppInstance>> LeaseHoldersAsync()
    {
        var holders = new List<AppInstance>();
        foreach (var instance in instances.Where(i => i.IsRunning))
        {
            if (await instance.ReadinessAsync() is { } ready && (bool)ready["holdsLease"]!)
            {
                holders.Add(instance);
            }
        }

        return holders;
    }

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private Dictionary<string, string> Settings(AppInstance instance, IReadOnlyDictionary<string, string> shared)
    {
        var settings = new Dictionary<string, string>(shared)
        {
            // What differs per deployment or instance: addresses, folders, secrets.
            ["ASPNETCORE_URLS"] = instance.Address.ToString(),
            ["ModelHub__DataFolder"] = data.Path,
            ["ConnectionStrings__ModelHub"] = connectionString,
            ["ModelHub__Redis"] = Redis.ConnectionString,
            ["HolySheep__BaseUrl"] = simulator.BaseUrl.ToString(),
            ["HolySheep__ApiKey"] = simulator.Secret,
            ["ModelHub__Bootstrap__AdminEmail"] = AdminEmail,
            ["ModelHub__Bootstrap__AdminPassword"] = Password,
            ["ModelHub__Bootstrap__AdminToken"] = adminToken,
            // Test speed and quiet logs only; none of these changes what is coordinated between instances.
            ["HolySheep__RetryBaseDelay"] = "00:00:00.010",
            ["FineTuning__PollIntervalRunningMs"] = "200",
            ["FineTuning__PollIntervalQueuedMs"] = "200",
            ["FineTuning__MaxBackoffMs"] = "1000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return settings;
    }

    /// <summary>Core services on the shared database, configured from instance.env as the apps are.</summary>
    private ServiceProvider DatabaseServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(InstanceEnv().ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelHub:DataFolder"] = data.Path,
                ["ConnectionStrings:ModelHub"] = connectionString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment
        {
            ContentRootPath = data.Path,
            EnvironmentName = "Production",
            ApplicationName = "ModelHub.Tests",
        });
        services.AddLogging();
        services.AddModelHubCore(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>deploy/instance.env as KEY=VALUE pairs (comments and blank lines skipped).</summary>
    public static IReadOnlyDictionary<string, string> InstanceEnv()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ModelHub.sln")))
        {
            root = root.Parent;
        }

        var file = Path.Combine(root?.FullName ?? "", "deploy", "instance.env");
        Assert.True(File.Exists(file), $"{file} is missing.");
        return File.ReadAllLines(file)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair.Length > 1 ? pair[1].Trim() : "");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One app process of the cluster; its output goes to a log file beside the data folder.</summary>
public sealed class AppInstance(string name, int port, string dataFolder)
{
    private Process? process;

    public string Name { get; } = name;

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public string LogPath { get; } = $"{dataFolder}.{name}.log";

    public bool IsRunning => process is { HasExited: false };

    public async Task StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var dll = BuiltWebApp.DllPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== start {DateTime.UtcNow:O}");
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (await ReadinessAsync() is not { } ready || (string?)ready["status"] == "Unhealthy")
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new InvalidOperationException($"{Name} did not become ready; see {LogPath}:\n{ReadLog()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown, no lease release, as when a machine dies.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>The <c>/readyz</c> answer, or null when the instance does not answer.</summary>
    public async Task<JsonNode?> ReadinessAsync()
    {
        try
        {
            using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
            using var response = await probe.GetAsync("/readyz");
            return JsonNode.Parse(await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public string ReadLog()
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var text = new StreamReader(stream).ReadToEnd();
            return text.Length > 4000 ? text[^4000..] : text;
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
