using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Deploy.Integration;

/// <summary>
/// The Dockerfile's HEALTHCHECK command, exactly as written there, against the built app run as the image runs it
/// (Production, its port from <c>ASPNETCORE_HTTP_PORTS</c>, the data folder from <c>ModelHub__DataFolder</c>).
/// <c>deploy/check-image-steps.sh</c> does the same with the published app as a non-root user; the publish takes
/// minutes, too long for every test run.
/// </summary>
public sealed class ImageHealthcheckTests
{
    [Fact]
    public async Task The_image_healthcheck_passes_while_the_app_serves_and_fails_once_it_stops()
    {
        var command = DockerfileInstructions.Load(RepositoryFiles.PathOf("Dockerfile")).HealthcheckCommand();
        using var data = new TempFolder("image-healthcheck");
        var port = FreePort();
        var imageEnvironment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ModelHub__DataFolder"] = data.Path,
        };

        using var app = StartApp(imageEnvironment);
        try
        {
            await WaitUntilServingAsync(app, port);
            var (healthy, output) = await RunAsync(command, imageEnvironment);
            Assert.True(healthy == 0, $"HEALTHCHECK exited {healthy} against the running app: {output}");
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }

        var (stopped, _) = await RunAsync(command, imageEnvironment);
        Assert.NotEqual(0, stopped);
    }

    private static Process StartApp(IReadOnlyDictionary<string, string> environment)
    {
        var dll = BuiltWebApp.DllPath();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var app = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        return app;
    }

    private static async Task WaitUntilServingAsync(Process app, int port)
    {
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            Assert.False(app.HasExited, $"The app exited with {(app.HasExited ? app.ExitCode : 0)} while starting.");
            try
            {
                if ((await probe.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The app did not answer /healthz within 3 minutes.");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = await process.StandardOutput.ReadToEndAsync(timeout.Token) + await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
