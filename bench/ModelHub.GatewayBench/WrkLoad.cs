using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ModelHub.GatewayBench;

/// <summary>One wrk run: throughput, latency percentiles, and what it counted (all answers, non-2xx, socket errors).</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, string SocketErrors)
{
    public long Answered2xx => Requests - Non2xx;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond,9:N0} req/s  p50 {P50Ms,7:0.00} ms  p99 {P99Ms,7:0.00} ms  ({Requests:N0} answers, non-2xx {Non2xx}{(SocketErrors.Length == 0 ? "" : ", socket errors " + SocketErrors)})");
}

/// <summary>
/// Drives wrk with a Lua script that POSTs chat completion bodies with the bearer token (all three targets get the same
/// headers; only the gateway reads them). 64 connections on one wrk thread, which leaves the second core to the servers.
/// </summary>
internal static class WrkLoad
{
    public static async Task<WrkResult> RunAsync(Uri url, string token, IReadOnlyList<string> bodies, TimeSpan duration, string scriptFolder)
    {
        var script = Path.Combine(scriptFolder, $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(token, bodies));
        try
        {
            var start = new ProcessStartInfo("wrk", string.Create(CultureInfo.InvariantCulture,
                $"-t1 -c64 -d{(int)duration.TotalSeconds}s --latency -s {script} {url}"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install -y wrk).");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return Parse(output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Script(string token, IReadOnlyList<string> bodies)
    {
        var lua = new StringBuilder();
        lua.AppendLine("wrk.method = \"POST\"");
        lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
        lua.AppendLine($"wrk.headers[\"Authorization\"] = \"Bearer {token}\"");
        lua.Append("local bodies = {");
        lua.AppendJoin(", ", bodies.Select(b => "[==[" + b + "]==]"));
        lua.AppendLine("}");
        lua.AppendLine("local n = 0");
        // One body in turn from the list: a mixed run alternates plain and streaming calls on every connection.
        lua.AppendLine("request = function() n = n + 1; return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1]) end");
        return lua.ToString();
    }

    private static WrkResult Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        string? Line(string start) => lines.FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal));
        var rps = double.Parse(Line("Requests/sec:")?.Split(':')[1].Trim() ?? "0", CultureInfo.InvariantCulture);
        var requests = long.Parse(lines.FirstOrDefault(l => l.Contains(" requests in ", StringComparison.Ordinal))?.Split(' ')[0] ?? "0", CultureInfo.InvariantCulture);
        var non2xx = long.Parse(Line("Non-2xx or 3xx responses:")?.Split(':')[1].Trim() ?? "0", CultureInfo.InvariantCulture);
        var socket = Line("Socket errors:")?.Split(':', 2)[1].Trim() ?? "";
        if (requests == 0)
        {
            throw new InvalidOperationException("wrk reported no requests:\n" + output);
        }

        return new WrkResult(rps, Millis(Line("50%")), Millis(Line("99%")), requests, non2xx, socket);
    }

    // wrk prints latencies as 812.00us, 1.23ms, 2.01s.
    private static double Millis(string? line)
    {
        var value = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1] ?? "0ms";
        var (number, scale) = value.EndsWith("us", StringComparison.Ordinal) ? (value[..^2], 0.001)
            : value.EndsWith("ms", StringComparison.Ordinal) ? (value[..^2], 1.0)
            : value.EndsWith('s') ? (value[..^1], 1000.0)
            : (value, 1.0);
        return double.Parse(number, CultureInfo.InvariantCulture) * scale;
    }
}
