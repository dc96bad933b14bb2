using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// The instances beside the in-process one: processes of the web project's build in this configuration, with this
/// process's environment (database provider, connection string, Redis, instance.env) and the same data folder.
/// </summary>
internal sealed class OtherInstances : IAsyncDisposable
{
    private readonly List<Process> processes = [];

    public List<Uri> Addresses { get; } = [];

    public static async Task<OtherInstances> StartAsync(string dataFolder, int count)
    {
        var others = new OtherInstances();
        for (var i = 0; i < count; i++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(WebAppDll())!, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(WebAppDll());
            start.Environment["ASPNETCORE_URLS"] = address.ToString();
            start.Environment["ModelHub__DataFolder"] = dataFolder;
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var number = i + 2;
            process.OutputDataReceived += (_, e) => Echo(number, e.Data);
            process.ErrorDataReceived += (_, e) => Echo(number, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            others.processes.Add(process);
            others.Addresses.Add(address);
            await WaitUntilServingAsync(process, address);
        }

        return others;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private static void Echo(int instance, string? line)
    {
        if (line is not null && (line.StartsWith("fail", StringComparison.Ordinal) || line.StartsWith("crit", StringComparison.Ordinal)))
        {
            Console.Error.WriteLine($"instance {instance}: {line}");
        }
    }

    private static async Task WaitUntilServingAsync(Process process, Uri address)
    {
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The instance at {address} exited with {process.ExitCode} while starting.");
            }

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

        throw new TimeoutException($"The instance at {address} did not answer /healthz within 3 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web project's own build output in this benchmark's configuration (it has the app's runtimeconfig).</summary>
    private static string WebAppDll()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ModelHub.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("ModelHub.sln not found."), "ModelHub.Web", "bin", output.Parent!.Name, output.Name, "ModelHub.Web.dll");
    }
}
