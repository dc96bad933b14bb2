using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Registry;

// Registry benchmark: seeds 10,000 models / 100,000 versions / 20,000,000 metric points (plus one 1,000,000-step run)
// straight into the app's SQLite file, then times the real app's pages and APIs over loopback HTTP.
// Usage: dotnet run -c Release --project bench/ModelHub.RegistryBench [-- models versionsPerModel stepsPerMetric longRunSteps wrkThreads]
var models = Arg(0, 10_000);
var versionsPerModel = Arg(1, 10);
var stepsPerMetric = Arg(2, 50); // x 4 metrics = 200 points per version
var longRunSteps = Arg(3, 1_000_000);
var wrkThreads = Arg(4, 1);
const string Token = "bench-token-0123456789abcdef0123456789abcdef";
const string Email = "admin@bench.local";
const string Password = "bench-password-2026!";
var culture = CultureInfo.InvariantCulture;

await using var host = new RegistryBenchHost(new Dictionary<string, string?>
{
    ["ModelHub:Bootstrap:AdminEmail"] = Email,
    ["ModelHub:Bootstrap:AdminPassword"] = Password,
    ["ModelHub:Bootstrap:AdminToken"] = Token,
    // The job tracker's rescan registers succeeded jobs a crash left unregistered, every 5 s: it would race the bench's
    // own, timed registration of the long run (the loser retries and gets the winner's version, but logs the conflict).
    ["FineTuning:RescanIntervalMs"] = "3600000",
});
var address = host.Address;
using var api = new HttpClient { BaseAddress = address };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
await api.GetStringAsync("/api/models?take=1");

var database = Path.Combine(host.DataFolder, "modelhub.db");
var watch = Stopwatch.StartNew();
await Seeder.SeedAsync(database, models, versionsPerModel, stepsPerMetric);
Console.WriteLine($"seeded {models:N0} models, {models * versionsPerModel:N0} versions, {(long)models * versionsPerModel * stepsPerMetric * 4:N0} metric points in {watch.Elapsed.TotalSeconds:0} s");

// The long run goes through the app's own registration, which downsamples and stores its curves once.
watch.Restart();
var longJob = await Seeder.SeedLongRunJobAsync(database, "model-long", longRunSteps);
Console.WriteLine($"seeded a {longRunSteps:N0}-step job ({longRunSteps * 4L:N0} metric points) in {watch.Elapsed.TotalSeconds:0} s");
watch.Restart();
var registered = await host.Services.GetRequiredService<RegisterModelVersion>().RegisterAsync(longJob);
if (!registered.Succeeded)
{
    throw new InvalidOperationException($"Registering the long run failed: {registered.Error!.Message}");
}

Console.WriteLine($"registered it as model-long v1 (reads every point once, stores 4 x <= {CompareVersions.MaxPointsPerSeries:N0}): {watch.Elapsed.TotalSeconds:0.0} s");
Console.WriteLine($"database size: {new FileInfo(database).Length / 1024 / 1024:N0} MB");

// Pages: a browser's first request to each, with the auth cookie; Blazor prerenders the data into the HTML.
using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
await SignInAsync(browser);
var random = new Random(42);
string Model(int i) => $"model-{i:D5}";
(string A, string B) TwoModels()
{
    var a = random.Next(models);
    return (Model(a), Model((a + 1 + random.Next(models - 1)) % models));
}

var timed = 0;
Console.WriteLine();
Console.WriteLine("Pages (GET over HTTP with the sign-in cookie; server = time in the app's pipeline, client = time to last byte):");
await Time(browser, "models list page /models (25 rows, sort by last change)", 200, () => ("/models", ["data-testid=\"model-link\""]),
    html => Count(html, "data-testid=\"model-link\"") == 25);
await Time(browser, "model page /models/{name}", 200, () =>
{
    var m = Model(random.Next(models));
    return ($"/models/{m}", [$"<h1", m, $"{m}-v{versionsPerModel}:", $">v{versionsPerModel}<"]);
});
var sixVersions = () =>
{
    var (a, b) = TwoModels();
    return ($"?v={a}:1&v={a}:2&v={a}:3&v={b}:1&v={b}:2&v={b}:3", new[] { $"{a} v1", $"{a} v3", $"{b} v1", $"{b} v3" });
};
// The compare page's HTML holds the version chips, the parameters table and, per chart, the longest series' point count.
string[] Drawn(string[] labels, int points) => [.. labels, "data-testid=\"compare-parameters\"", $"data-points=\"{points}\""];
var shortPoints = Math.Min(stepsPerMetric, CompareVersions.MaxPointsPerSeries);
var longPoints = Math.Min(longRunSteps, CompareVersions.MaxPointsPerSeries);
await Time(browser, "compare page /compare (6 versions, 2 models)", 200, () => sixVersions() is var (q, e) ? ("/compare" + q, Drawn(e, shortPoints)) : default);
var shortPair = () =>
{
    var (a, b) = TwoModels();
    return ($"?v={a}:1&v={b}:1", new[] { $"{a} v1", $"{b} v1" });
};
var longPair = () =>
{
    var b = Model(random.Next(models));
    return ($"?v=model-long:1&v={b}:1", new[] { "model-long v1", $"{b} v1" });
};
await Time(browser, $"compare page, 2 short runs ({stepsPerMetric} steps each)", 100, () => shortPair() is var (q, e) ? ("/compare" + q, Drawn(e, shortPoints)) : default);
await Time(browser, $"compare page, {longRunSteps:N0}-step run + short run", 100, () => longPair() is var (q, e) ? ("/compare" + q, Drawn(e, longPoints)) : default);

Console.WriteLine();
Console.WriteLine("APIs (bearer token; the same queries the pages run):");
await Time(api, "GET /api/models (25 rows, random page, sort by last change)", 200, () => ($"/api/models?take=25&skip={random.Next(0, models / 25) * 25}", []));
await Time(api, "GET /api/models (25 rows, search 'model-0', sort by name)", 200, () => ($"/api/models?take=25&search=model-0&sort=Name&descending=false&skip={random.Next(0, 40) * 25}", []));
await Time(api, "GET /api/models (25 rows, sort by versions)", 50, () => ("/api/models?take=25&sort=Versions", []));
await Time(api, "GET /api/models/{name}", 200, () => ($"/api/models/{Model(random.Next(models))}", []));
await Time(api, "GET /api/models/{name}/versions/{n}", 200, () => ($"/api/models/{Model(random.Next(models))}/versions/{random.Next(1, versionsPerModel + 1)}", []));
var sixBytes = await Time(api, "GET /api/compare (6 versions, 2 models)", 200, () => sixVersions() is var (q, e) ? ("/api/compare" + q, e) : default);
var shortBytes = await Time(api, "GET /api/compare (2 short runs)", 100, () => shortPair() is var (q, e) ? ("/api/compare" + q, e) : default);
var longBytes = await Time(api, $"GET /api/compare ({longRunSteps:N0}-step run + short run)", 100, () => longPair() is var (q, e) ? ("/api/compare" + q, e) : default);
Console.WriteLine($"compare payload (API JSON): 6 versions {sixBytes / 1024.0:0.0} KB (6 x 4 metrics x {shortPoints} points); "
    + $"long + short {longBytes / 1024.0:0.0} KB (4 x ({longPoints} + {shortPoints}) points); 2 short {shortBytes / 1024.0:0.0} KB");

// The resolve API: the freshness check, then wrk.
Console.WriteLine();
using (var put = await api.PutAsJsonAsync($"/api/models/{Model(1)}/aliases/canary", new { version = 1 }))
{
    put.EnsureSuccessStatusCode();
}

await api.GetStringAsync($"/api/models/{Model(1)}/aliases/canary");
var stale = 0;
for (var i = 0; i < 200; i++)
{
    var target = (i % versionsPerModel) + 1;
    (await api.PutAsJsonAsync($"/api/models/{Model(1)}/aliases/canary", new { version = target })).EnsureSuccessStatusCode();
    var got = (int)JsonNode.Parse(await api.GetStringAsync($"/api/models/{Model(1)}/aliases/canary"))!["version"]!;
    stale += got == target ? 0 : 1;
}

Console.WriteLine($"alias moves followed by an immediate resolve: 200, stale answers: {stale}");
await api.GetStringAsync($"/api/models/{Model(1)}/aliases/production");
if (File.Exists("/usr/bin/wrk"))
{
    var resolve = Wrk.Run($"{address}api/models/{Model(1)}/aliases/production", Token, wrkThreads);
    var ceiling = Wrk.Run($"{address}bench/ping", Token, wrkThreads);
    Console.WriteLine($"wrk -t{wrkThreads} -c64 -d15s, bearer token, loopback (load average before: {Wrk.LoadAverage()}):");
    Console.WriteLine($"resolve API: {resolve}");
    Console.WriteLine($"ceiling (/bench/ping, same app, before auth/routing): {ceiling}");
    Console.WriteLine($"resolve / ceiling: {resolve.RequestsPerSecond / ceiling.RequestsPerSecond:P0}");
}
else
{
    Console.WriteLine("wrk not found: install it (apt-get install -y wrk) for the resolve API figures.");
}

// Times count requests (after 10 warm-ups), checks each answer is a 200 holding the expected text, and returns the last body's size.
async Task<int> Time(HttpClient client, string name, int count, Func<(string Url, string[] Expect)> next, Func<string, bool>? check = null)
{
    var server = new List<double>();
    var total = new List<double>();
    var bytes = 0;
    for (var i = -10; i < count; i++)
    {
        var (url, expect) = next();
        var id = (++timed).ToString(culture);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(RegistryBenchHost.TimingHeader, id);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var missing = expect.FirstOrDefault(e => !body.Contains(e, StringComparison.Ordinal));
        if (response.StatusCode != HttpStatusCode.OK || missing is not null || check?.Invoke(body) == false)
        {
            throw new InvalidOperationException($"{name}: GET {url} answered {(int)response.StatusCode} {response.Headers.Location} without '{missing}': {body[..Math.Min(body.Length, 400)]}");
        }

        if (i >= 0)
        {
            total.Add(elapsed);
            server.Add(await ServerTimeAsync(id));
            bytes = System.Text.Encoding.UTF8.GetByteCount(body);
        }
    }

    Console.WriteLine($"{name}: server p50 {P(server, 0.5)} ms, p95 {P(server, 0.95)} ms; client p50 {P(total, 0.5)} ms, p95 {P(total, 0.95)} ms; {bytes / 1024.0:0.0} KB ({count} requests)");
    return bytes;
}

// The app records a request's time when its pipeline returns, which can be just after the client has read the last byte.
async Task<double> ServerTimeAsync(string id)
{
    for (var wait = 0; wait < 1000; wait++)
    {
        if (host.ServerTimes.TryRemove(id, out var ms))
        {
            return ms;
        }

        await Task.Delay(1);
    }

    throw new InvalidOperationException($"No server time was recorded for request {id}.");
}

string P(List<double> values, double quantile)
{
    values.Sort();
    return values[Math.Min(values.Count - 1, (int)(values.Count * quantile))].ToString("0.0", culture);
}

static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

// Signs in through the real static-SSR login form (antiforgery token and all), so the client holds the auth cookie.
static async Task SignInAsync(HttpClient client)
{
    var page = await client.GetStringAsync("/account/login");
    var form = Regex.Matches(page, "<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")
        .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    form["Input.Email"] = Email;
    form["Input.Password"] = Password;
    using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(form));
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"Sign-in did not redirect: {(int)response.StatusCode}");
    }
}

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var v) ? v : fallback;
