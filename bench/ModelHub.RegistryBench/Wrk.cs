using System.Diagnostics;
using System.Globalization;

/// <summary>
/// One wrk run's figures, plus the app's own cost per request: CPU time and allocated bytes of this process (the app is
/// hosted in it and the bench itself idles while wrk runs), which other load on the machine hardly changes.
/// </summary>
internal sealed record WrkResult(double RequestsPerSecond, string P50, string P99, double CpuMicrosecondsPerRequest, double BytesPerRequest, string? Errors)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond:N0} req/s, latency p50 {P50}, p99 {P99}; app CPU {CpuMicrosecondsPerRequest:0.0} µs/request, allocated {BytesPerRequest:N0} B/request{(Errors is null ? "" : "; " + Errors)}");
}

/// <summary>Runs wrk against one URL with the bearer token: 64 connections, 15 s (unless told), latency distribution.</summary>
internal static class Wrk
{
    public static WrkResult Run(string url, string token, int threads, int seconds = 15)
    {
        var start = new ProcessStartInfo("wrk", $"-t{threads} -c64 -d{seconds}s --latency -H \"Authorization: Bearer {token}\" {url}") { RedirectStandardOutput = true };
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n');
        process.WaitForExit();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        string Percentile(string p) =>
            lines.FirstOrDefault(l => l.TrimStart().StartsWith(p, StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1] ?? "?";
        var rps = lines.FirstOrDefault(l => l.StartsWith("Requests/sec", StringComparison.Ordinal))?.Split(':')[1].Trim();
        var requests = lines.FirstOrDefault(l => l.Contains(" requests in ", StringComparison.Ordinal))?.Trim().Split(' ')[0];
        var count = Math.Max(1, long.Parse(requests ?? "1", CultureInfo.InvariantCulture));
        var errors = lines.FirstOrDefault(l => l.Contains("Non-2xx", StringComparison.Ordinal) || l.Contains("Socket errors", StringComparison.Ordinal))?.Trim();
        return new WrkResult(double.Parse(rps ?? "0", CultureInfo.InvariantCulture), Percentile("50%"), Percentile("99%"),
            cpu.TotalMicroseconds / count, (double)allocated / count, errors);
    }

    /// <summary>The 1-minute load average, printed next to the figures: other work on the box moves latency a lot.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
