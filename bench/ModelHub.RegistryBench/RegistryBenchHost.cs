using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.BenchSupport;

/// <summary>
/// The real app on a loopback port, plus two things in front of its pipeline: a trivial <c>/bench/ping</c> as the
/// ceiling, and a server-time recorder for requests that carry <see cref="TimingHeader"/>.
/// Development environment: outside it sign-in cookies are Secure, and the bench signs in over plain loopback HTTP.
/// </summary>
internal sealed class RegistryBenchHost(IReadOnlyDictionary<string, string?> settings) : LoopbackApp("registrybench", settings, environment: "Development")
{
    /// <summary>A request sending this header gets the time the app spent on it recorded under the header's value.</summary>
    public const string TimingHeader = "X-Bench-Timing";

    /// <summary>Server time per timed request, in milliseconds: from entering the pipeline to the endpoint having written its response.</summary>
    public ConcurrentDictionary<string, double> ServerTimes { get; } = new(StringComparer.Ordinal);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new BenchFilter(ServerTimes)));
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
