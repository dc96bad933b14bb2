using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// The real app on a loopback port, plus two things in front of its pipeline: a trivial <c>/bench/ping</c> as the
/// ceiling, and a server-time recorder for requests that carry <see cref="TimingHeader"/>.
/// </summary>
internal sealed class RegistryBenchHost : WebApplicationFactory<ModelHub.Web.Components.App>
{
    /// <summary>A request sending this header gets the time the app spent on it recorded under the header's value.</summary>
    public const string TimingHeader = "X-Bench-Timing";

    private readonly IReadOnlyDictionary<string, string?> settings;

    public RegistryBenchHost(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("modelhub-registrybench-").FullName;

    /// <summary>Server time per timed request, in milliseconds: from entering the pipeline to the endpoint having written its response.</summary>
    public ConcurrentDictionary<string, double> ServerTimes { get; } = new(StringComparer.Ordinal);

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
        builder.UseEnvironment("Production");
        builder.UseSetting("ModelHub:DataFolder", DataFolder);
        builder.ConfigureLogging(logging => logging.AddFilter((_, level) => level >= LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BenchFilter(ServerTimes)));
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

    private sealed class BenchFilter(ConcurrentDictionary<string, double> times) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Not async itself, so the ceiling and untimed requests pay no extra state machine.
            app.Use((context, nextMiddleware) =>
                context.Request.Path == "/bench/ping" ? context.Response.WriteAsync("ok")
                : context.Request.Headers.TryGetValue(TimingHeader, out var id) ? TimedAsync(context, nextMiddleware, id.ToString())
                : nextMiddleware(context));
            next(app);
        };

        private async Task TimedAsync(HttpContext context, RequestDelegate next, string id)
        {
            var start = Stopwatch.GetTimestamp();
            await next(context);
            times[id] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    }
}
