using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ModelHub.GatewayBench;

/// <summary>A server the bench started in its own process: output drained to a log file, killed (with its tree) on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private ChildProcess(Process process, StreamWriter log, int port)
    {
        this.process = process;
        this.log = log;
        Port = port;
    }

    public int Port { get; }

    public int Pid => process.Id;

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    /// <summary>CPU time (user + system) the process has used so far, from <c>/proc/PID/stat</c>.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th, in clock ticks.
            var stat = File.ReadAllText($"/proc/{process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    /// <summary>Lines the process wrote (its console log): the gateway should not log per request.</summary>
    public int LoggedLines { get; private set; }

    public static ChildProcess Start(string file, string arguments, string logPath, int port, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var child = new ChildProcess(process, log, port);
        process.OutputDataReceived += (_, e) => child.Write(e.Data);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="path"/> answers (any status), or fails if the process exits first.</summary>
    public async Task WaitUntilAnsweringAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The process on port {Port} exited with {process.ExitCode}; see its log.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, path));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
            catch (TaskCanceledException)
            {
            }
        }

        throw new TimeoutException($"Nothing answered on port {Port} after {timeout.TotalSeconds:0} s.");
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            LoggedLines++;
            log.WriteLine(line);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}
