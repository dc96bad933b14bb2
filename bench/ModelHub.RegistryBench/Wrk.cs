using System.Diagnostics;
using System.Globalization;

/// <summary>One wrk run's figures.</summary>
internal sealed record WrkResult(double RequestsPerSecond, string P50, string P99, string? Errors)
{
    public override string ToString() =>
        $"{RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)} req/s, latency p50 {P50}, p99 {P99}{(Errors is null ? "" : "; " + Errors)}";
}

/// <summary>Runs wrk against one URL with the bearer token: 64 connections, 15 s, latency distribution.</summary>
internal static class Wrk
{
    public static WrkResult Run(string url, string token, int threads)
    {
        var start = new ProcessStartInfo("wrk", $"-t{threads} -c64 -d15s --latency -H \"Authorization: Bearer {token}\" {url}") { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var lines = process.StandardOutput.ReadToEnd().Split('\n');
        process.WaitForExit();
        string Percentile(string p) =>
            lines.FirstOrDefault(l => l.TrimStart().StartsWith(p, StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1] ?? "?";
        var rps = lines.FirstOrDefault(l => l.StartsWith("Requests/sec", StringComparison.Ordinal))?.Split(':')[1].Trim();
        var errors = lines.FirstOrDefault(l => l.Contains("Non-2xx", StringComparison.Ordinal) || l.Contains("Socket errors", StringComparison.Ordinal))?.Trim();
        return new WrkResult(double.Parse(rps ?? "0", CultureInfo.InvariantCulture), Percentile("50%"), Percentile("99%"), errors);
    }
}
