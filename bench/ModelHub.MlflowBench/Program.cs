using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ModelHub.BenchSupport;

// MLflow REST API benchmark: MLflow's own tracking server (../shared/peers/mlflow-server, SQLite, gunicorn) and
// ModelHub (this process, Release) side by side in one run, on the same data seeded the same way, and the ratios.
// Usage: dotnet run -c Release --project bench/ModelHub.MlflowBench [-- versionsOfOneModel registryModels registryVersionsPerModel mlflowWorkers]
var versionsOfOne = Arg(0, 10_000);
var registryModels = Arg(1, 10_000);
var registryVersionsPerModel = Arg(2, 10);
var workers = Arg(3, 4);
const string Token = "bench-token-0123456789abcdef0123456789abcdef";
var inv = CultureInfo.InvariantCulture;
var peer = Environment.GetEnvironmentVariable("MLFLOW_SERVER_PEER") ?? Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "peers", "mlflow-server"));

Console.WriteLine($"load average at start: {Wrk.LoadAverage()} (2 cores, shared with other work: figures move with it)");
var startWatch = Stopwatch.StartNew();
await using var mlflowServer = await MlflowServer.StartAsync(peer, workers);
Console.WriteLine(string.Create(inv, $"MLflow's server answered after {startWatch.Elapsed.TotalSeconds:0} s"));
await using var modelHub = new LoopbackApp("mlflowbench", new Dictionary<string, string?>
{
    ["ModelHub:Bootstrap:AdminEmail"] = "admin@bench.local",
    ["ModelHub:Bootstrap:AdminPassword"] = "bench-password-2026!",
    ["ModelHub:Bootstrap:AdminToken"] = Token,
    ["FineTuning:RescanIntervalMs"] = "3600000",
});
var sides = new[]
{
    new Side("MLflow", mlflowServer.Address, Client(mlflowServer.Address, null)),
    new Side("ModelHub", modelHub.Address, Client(modelHub.Address, Token)),
};
Console.WriteLine($"MLflow server {mlflowServer.Address} ({workers} gunicorn workers), ModelHub {modelHub.Address}");

// 1. Alias GET under wrk -t1 -c64.
Console.WriteLine();
Console.WriteLine("1. GET registered-models/alias (wrk -t1 -c64 -d15s):");
var alias = new Dictionary<string, WrkResult>();
foreach (var side in sides)
{
    await side.PostAsync("registered-models/create", new { name = "bench-alias" });
    await side.PostAsync("model-versions/create", new { name = "bench-alias", source = "s3://bench-artifacts/bench-alias/1", tags = new[] { new { key = "modelhub.provider_model_id", value = "ft:gpt-4o-mini:bench::alias" } } });
    await side.PostAsync("registered-models/alias", new { name = "bench-alias", alias = "champion", version = "1" });
    var url = new Uri(side.Address, "api/2.0/mlflow/registered-models/alias?name=bench-alias&alias=champion").ToString();
    await side.Http.GetStringAsync(url);
    // Unmeasured first: the server's steady state is what is compared (see WarmUp below); its figures are printed too.
    var warm = Wrk.Run(url, Token, threads: 1, seconds: (int)WarmUp.TotalSeconds);
    alias[side.Name] = Wrk.Run(url, Token, threads: 1);
    Console.WriteLine(string.Create(inv, $"   {side.Name,-8} {alias[side.Name].RequestsPerSecond,9:N0} req/s  p50 {alias[side.Name].P50,-9} p99 {alias[side.Name].P99,-9} {alias[side.Name].Errors} (load {Wrk.LoadAverage()}; the {WarmUp.TotalSeconds:0} s warm-up before: {warm.RequestsPerSecond:N0} req/s, p99 {warm.P99})"));
}

Console.WriteLine(string.Create(inv, $"   ratio ModelHub/MLflow: {alias["ModelHub"].RequestsPerSecond / Math.Max(1, alias["MLflow"].RequestsPerSecond):0.0}x (target >= 20x, p99 < 10 ms)"));

// 2. log-batch: 100,000 points, 1,000 a request, one client; timed right after start and again in the steady state.
Console.WriteLine();
Console.WriteLine($"2. runs/log-batch, 100,000 metric points in 100 requests of 1,000, one client: first after 10 warm-up requests, then again after {WarmUp.TotalSeconds:0} s of them:");
var coldRates = new Dictionary<string, double>();
var rates = new Dictionary<string, double>();
foreach (var side in sides)
{
    var experiment = (string)(await side.PostAsync("experiments/create", new { name = "bench-log-batch" }))["experiment_id"]!;
    async Task<string> NewRunAsync() => (string)(await side.PostAsync("runs/create", new { experiment_id = experiment, start_time = 1 }))["run"]!["info"]!["run_id"]!;
    async Task<double> PointsPerSecondAsync(string run)
    {
        var watch = Stopwatch.StartNew();
        for (var request = 0; request < 100; request++)
        {
            await side.PostAsync("runs/log-batch", new { run_id = run, metrics = Points(request) });
        }

        return 100_000 / watch.Elapsed.TotalSeconds;
    }

    // Unmeasured requests go to a run of their own. The first ten pay for loading and compiling the code path (MLflow's
    // workers import modules on first use, .NET compiles on first call); the "cold" figure follows them.
    var warmUpRun = await NewRunAsync();
    var warmUpRequests = 0;
    var warmUpWatch = Stopwatch.StartNew();
    for (; warmUpRequests < 10; warmUpRequests++)
    {
        await side.PostAsync("runs/log-batch", new { run_id = warmUpRun, metrics = Points(warmUpRequests) });
    }

    coldRates[side.Name] = await PointsPerSecondAsync(await NewRunAsync());
    while (warmUpWatch.Elapsed < WarmUp)
    {
        await side.PostAsync("runs/log-batch", new { run_id = warmUpRun, metrics = Points(warmUpRequests++) });
    }

    rates[side.Name] = await PointsPerSecondAsync(await NewRunAsync());
    Console.WriteLine(string.Create(inv, $"   {side.Name,-8} steady {100_000 / rates[side.Name],6:0.00} s  {rates[side.Name],9:N0} points/s (load {Wrk.LoadAverage()}); right after start: {coldRates[side.Name]:N0} points/s; {warmUpRequests} warm-up requests"));
}

Console.WriteLine(string.Create(inv, $"   ratio ModelHub/MLflow: {rates["ModelHub"] / rates["MLflow"]:0.0}x steady (target >= 20x); right after start {coldRates["ModelHub"] / coldRates["MLflow"]:0.0}x"));

// 3. model-versions/search name='…' max_results=100 over one model's 10,000 versions. Seeded into each SQLite file
// directly: through MLflow's API this machine created under 4 versions a second (a first run reached 1,985 in 9 minutes).
Console.WriteLine(string.Create(inv, $"3. model-versions/search name='bench-many' max_results=100, one model with {versionsOfOne:N0} versions (seeded into each SQLite file directly):"));
await MlflowSeeder.SeedAsync(mlflowServer.Database, ["bench-many"], versionsOfOne);
await ModelHubSeeder.SeedModelAsync(Path.Combine(modelHub.DataFolder, "modelhub.db"), "bench-many", versionsOfOne);
var searchOne = new Dictionary<string, SearchTimes>();
foreach (var side in sides)
{
    searchOne[side.Name] = await TimeAsync(side, 100, _ => "model-versions/search?filter=" + Uri.EscapeDataString("name = 'bench-many'") + "&max_results=100", expected: 100);
    Console.WriteLine($"   {side.Name,-8} {searchOne[side.Name]} (load {Wrk.LoadAverage()})");
}

Console.WriteLine(string.Create(inv, $"   ratio MLflow/ModelHub p95: {searchOne["MLflow"].LastByte.P95 / searchOne["ModelHub"].LastByte.P95:0.0}x (target p95 < 20 ms, >= 10x); with the client's parse {searchOne["MLflow"].WithParse.P95 / searchOne["ModelHub"].WithParse.P95:0.0}x"));

// 4. LIKE over a registry of 100,000 versions, seeded straight into each side's SQLite file.
Console.WriteLine();
Console.WriteLine(string.Create(inv, $"4. model-versions/search name LIKE 'model-0NNN%' max_results=100 over {registryModels:N0} models x {registryVersionsPerModel} versions (+ the above), seeded into each SQLite file directly:"));
var watchSeed = Stopwatch.StartNew();
await MlflowSeeder.SeedAsync(mlflowServer.Database, registryModels, registryVersionsPerModel);
await Seeder.SeedAsync(Path.Combine(modelHub.DataFolder, "modelhub.db"), registryModels, registryVersionsPerModel, steps: 1);
Console.WriteLine(string.Create(inv, $"   seeded both in {watchSeed.Elapsed.TotalSeconds:0} s"));
var searchLike = new Dictionary<string, SearchTimes>();
foreach (var side in sides)
{
    // Ten models (100 versions) match each prefix; a different prefix each time, so no answer is reused, and the same
    // timed prefixes on both sides.
    var timed = new Random(11);
    var prefixes = Enumerable.Range(0, 100).Select(_ => timed.Next(registryModels / 10)).ToArray();
    var warming = new Random(13);
    searchLike[side.Name] = await TimeAsync(side, 100, i => "model-versions/search?filter=" + Uri.EscapeDataString($"name LIKE 'model-{(i < 0 ? warming.Next(registryModels / 10) : prefixes[i]):D4}%'") + "&max_results=100",
        expected: Math.Min(100, 10 * registryVersionsPerModel));
    Console.WriteLine($"   {side.Name,-8} {searchLike[side.Name]} (load {Wrk.LoadAverage()})");
}

Console.WriteLine(string.Create(inv, $"   ratio MLflow/ModelHub p95: {searchLike["MLflow"].LastByte.P95 / searchLike["ModelHub"].LastByte.P95:0.0}x (target p95 < 100 ms, >= 10x); with the client's parse {searchLike["MLflow"].WithParse.P95 / searchLike["ModelHub"].WithParse.P95:0.0}x"));
Console.WriteLine();
Console.WriteLine($"load average at end: {Wrk.LoadAverage()}");
return;


static IEnumerable<object> Points(int request) =>
    Enumerable.Range(0, 1000).Select(i => new { key = "loss", value = 1.0 / (1 + (request * 1000) + i), timestamp = 1_700_000_000_000L + i, step = (request * 1000) + i });

// Times sequential GETs after unmeasured ones (path(-1)) for the warm-up time, at least 10; each answer must hold the
// expected number of versions. A latency runs from the send to the answer's last byte (as wrk's); the client's own
// parse of the answer into a JSON object model is timed too and printed beside it, not compared.
static async Task<SearchTimes> TimeAsync(Side side, int count, Func<int, string> path, int expected)
{
    async Task<(double LastByte, double Parsed)> GetAsync(int i)
    {
        var watch = Stopwatch.StartNew();
        var bytes = await side.Http.GetByteArrayAsync("api/2.0/mlflow/" + path(i));
        var lastByte = watch.Elapsed.TotalMilliseconds;
        var body = JsonNode.Parse(bytes)!;
        var parsed = watch.Elapsed.TotalMilliseconds;
        var found = body["model_versions"]?.AsArray().Count ?? 0;
        return found == expected ? (lastByte, parsed) : throw new InvalidOperationException($"{side.Name}: {found} versions where {expected} were expected.");
    }

    var warmUp = Stopwatch.StartNew();
    for (var i = 0; i < 10 || warmUp.Elapsed < SearchWarmUp; i++)
    {
        await GetAsync(-1);
    }

    var times = new List<(double LastByte, double Parsed)>(count);
    for (var i = 0; i < count; i++)
    {
        times.Add(await GetAsync(i));
    }

    return new SearchTimes(Percentiles.Of([.. times.Select(t => t.LastByte)]), Percentiles.Of([.. times.Select(t => t.Parsed)]));
}

static HttpClient Client(Uri address, string? token)
{
    var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    if (token is not null)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    return http;
}

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelHub.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository (ModelHub.sln not found above the binary).");
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

/// <summary>One server under test and its MLflow REST client.</summary>
internal sealed record Side(string Name, Uri Address, HttpClient Http)
{
    public async Task<JsonNode> PostAsync(string call, object body)
    {
        using var response = await Http.PostAsJsonAsync("api/2.0/mlflow/" + call, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text.Length == 0 ? "{}" : text)!
            : throw new InvalidOperationException($"{Name} {call}: {(int)response.StatusCode} {text}");
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record Percentiles(double P50, double P95, double P99)
{
    public static Percentiles Of(List<double> times)
    {
        times.Sort();
        double At(double p) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(p * times.Count) - 1)];
        return new Percentiles(At(0.50), At(0.95), At(0.99));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50,7:0.0} ms  p95 {P95,7:0.0} ms  p99 {P99,7:0.0} ms");
}

/// <summary>A search's latencies to the answer's last byte, and with the client's parse of it.</summary>
internal sealed record SearchTimes(Percentiles LastByte, Percentiles WithParse)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{LastByte} (with the client's JSON parse: p50 {WithParse.P50:0.0}, p95 {WithParse.P95:0.0} ms)");
}

/// <summary>
/// How long each server is driven, unmeasured, before a workload's figures are taken. Both run for days once deployed,
/// so their steady state is what is compared: .NET's tiered compiler keeps replacing hot methods with optimised code for
/// several seconds of load after start (log-batch here ran at ~100,000 points/s for its first 600 requests and ~200,000
/// after), and MLflow's gunicorn workers import modules on first use.
/// </summary>
internal static partial class Program
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SearchWarmUp = TimeSpan.FromSeconds(5);
}
