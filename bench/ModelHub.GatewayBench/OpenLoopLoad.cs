using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ModelHub.GatewayBench;

/// <summary>
/// One fixed-rate run's figures, in milliseconds from each call's scheduled send time to the last byte of its answer.
/// <see cref="LagP99"/> is the client's own lateness in starting calls (part of every latency, for every target alike).
/// </summary>
internal sealed record OpenLoopResult(int Rate, int Sent, int Answered, int Failed, double AchievedPerSecond, double P50, double P99, double Max, double LagP99)
{
    /// <summary>Calls sent including the unrecorded warm-up (the gateway meters those too).</summary>
    public int SentWithWarmup { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Rate,5}/s: p50 {P50,7:0.000} ms  p99 {P99,7:0.000} ms  max {Max,7:0.0} ms  ({Answered:N0} answered, {Failed} failed, {AchievedPerSecond:N0}/s achieved; send lag p99 {LagP99:0.000} ms)");
}

/// <summary>
/// An open-loop load (what wrk2 does, which is not available here): calls are scheduled at a fixed rate, sent on
/// kept-alive connections whether or not earlier ones have been answered, and each latency is measured from the call's
/// scheduled time. A closed loop such as wrk -c64 waits for an answer before sending again, so when the server stalls
/// it simply sends less and the stall never shows in the percentiles (coordinated omission); here it does. Calls are
/// released by a 1 ms timer, in small batches at high rates; their lateness counts in their latency.
/// </summary>
internal sealed class OpenLoopLoad(string token) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        MaxConnectionsPerServer = 512,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>
    /// <paramref name="warmup"/> at the rate, not recorded (so the connection pool has grown to what the rate needs),
    /// then <paramref name="duration"/> at the rate, recorded.
    /// </summary>
    public async Task<OpenLoopResult> RunAsync(Uri url, string body, int rate, TimeSpan warmup, TimeSpan duration)
    {
        var warm = await RunOnceAsync(url, Encoding.UTF8.GetBytes(body), rate, warmup);
        var measured = await RunOnceAsync(url, Encoding.UTF8.GetBytes(body), rate, duration);
        return measured with { SentWithWarmup = warm.Sent + measured.Sent };
    }

    private async Task<OpenLoopResult> RunOnceAsync(Uri url, byte[] body, int rate, TimeSpan duration)
    {
        var total = Math.Max(1, (int)(rate * duration.TotalSeconds));
        var latencies = new double[total];
        var lags = new double[total];
        var failed = 0;
        var calls = new Task[total];
        var ticksPerCall = Stopwatch.Frequency / (double)rate;
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < total)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < total && start + (long)(next * ticksPerCall) <= now)
            {
                var i = next++;
                calls[i] = CallAsync(i, start + (long)(i * ticksPerCall));
            }

            if (next < total)
            {
                await Task.Delay(1);
            }
        }

        await Task.WhenAll(calls);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var answered = latencies.Where(l => !double.IsNaN(l)).Order().ToArray();
        Array.Sort(lags);
        return new OpenLoopResult(rate, total, answered.Length, failed, total / elapsed,
            At(answered, 0.50), At(answered, 0.99), answered.Length > 0 ? answered[^1] : double.NaN, At(lags, 0.99));

        async Task CallAsync(int i, long due)
        {
            // Off the scheduling loop at once, so a slow send never delays the calls scheduled after it.
            await Task.Yield();
            lags[i] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await using var stream = await response.Content.ReadAsStreamAsync();
                await stream.CopyToAsync(Stream.Null);
                latencies[i] = response.IsSuccessStatusCode ? Stopwatch.GetElapsedTime(due).TotalMilliseconds : double.NaN;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                latencies[i] = double.NaN;
                Interlocked.Increment(ref failed);
            }
        }
    }

    private static double At(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public void Dispose() => http.Dispose();
}
