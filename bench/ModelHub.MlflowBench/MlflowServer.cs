using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>MLflow's own tracking server from <c>../shared/peers/mlflow-server</c> (serve.sh, SQLite backend, gunicorn) on a free loopback port.</summary>
internal sealed class MlflowServer : IAsyncDisposable
{
    private readonly Process process;
    private bool disposed;

    private MlflowServer(Process process, Uri address, string dataFolder)
    {
        this.process = process;
        Address = address;
        DataFolder = dataFolder;
    }

    public Uri Address { get; }

    public string DataFolder { get; }

    /// <summary>Its SQLite backend store.</summary>
    public string Database => Path.Combine(DataFolder, "mlflow.db");

    public static async Task<MlflowServer> StartAsync(string peerFolder, int workers)
    {
        var data = Directory.CreateTempSubdirectory("mlflowbench-server-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(peerFolder, "serve.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(data);
        start.ArgumentList.Add(workers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start)!;
        // Drained so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MlflowServer(process, new Uri($"http://127.0.0.1:{port}/"), data);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
        // Four gunicorn workers each import MLflow; on a loaded 2-core machine that alone takes minutes.
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"serve.sh exited; run {peerFolder}/setup.sh first.");
            }

            try
            {
                if ((await http.GetAsync("api/2.0/mlflow/experiments/search?max_results=1")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException("MLflow's server did not answer within 20 minutes.");
            }

            await Task.Delay(500);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!process.HasExited)
        {
            // serve.sh forwards SIGTERM to gunicorn's master, which stops its workers.
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
