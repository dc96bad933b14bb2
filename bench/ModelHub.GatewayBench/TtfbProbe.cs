using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ModelHub.GatewayBench;

/// <summary>Time-to-first-byte percentiles in milliseconds over a series of streaming calls.</summary>
internal sealed record Ttfb(double P50, double P99, int Answered)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50,6:0.000} ms  p99 {P99,6:0.000} ms  ({Answered} streams)");
}

/// <summary>
/// Measures streaming time to first byte from a .NET client: from just before the request is sent to the first byte of
/// the body (the first server-sent event) arriving, on kept-alive connections. The rest of each stream is read to the
/// end and must finish with <c>[DONE]</c>; a call that does not is a failure, not a sample.
/// </summary>
internal sealed class TtfbProbe(string token) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>One streaming call; returns its TTFB in milliseconds.</summary>
    public async Task<double> OnceAsync(Uri url, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var buffer = new byte[16 * 1024];
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var read = await stream.ReadAsync(buffer);
        var ttfb = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var tail = new StringBuilder(Encoding.UTF8.GetString(buffer, 0, read));
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            tail.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        if (!tail.ToString().TrimEnd().EndsWith("data: [DONE]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A stream from {url} did not end with [DONE].");
        }

        return ttfb;
    }

    /// <summary>
    /// <paramref name="count"/> calls to each target in turn (target 1, 2, 3, 1, 2, 3, …), so a change in the machine's
    /// load falls on all of them alike.
    /// </summary>
    public async Task<Ttfb[]> SequentialAsync(IReadOnlyList<(Uri Url, string Body)> targets, int count)
    {
        var samples = targets.Select(_ => new List<double>(count)).ToArray();
        for (var i = 0; i < count; i++)
        {
            for (var t = 0; t < targets.Count; t++)
            {
                samples[t].Add(await OnceAsync(targets[t].Url, targets[t].Body));
            }
        }

        return [.. samples.Select(Summarise)];
    }

    /// <summary><paramref name="count"/> calls from <paramref name="workers"/> concurrent callers, to one target.</summary>
    public async Task<Ttfb> ConcurrentAsync(Uri url, string body, int count, int workers)
    {
        var samples = new List<double>(count);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var ttfb = await OnceAsync(url, body);
                lock (samples)
                {
                    samples.Add(ttfb);
                }
            }
        }));
        return Summarise(samples);
    }

    private static Ttfb Summarise(List<double> samples)
    {
        samples.Sort();
        double At(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
        return new Ttfb(At(0.50), At(0.99), samples.Count);
    }

    public void Dispose() => http.Dispose();
}
