using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Registry benchmark: seeds 10,000 models / 100,000 versions / 20,000,000 metric points straight into the app's SQLite
// file, then times the real app over loopback HTTP. Usage: dotnet run -c Release --project bench/ModelHub.RegistryBench [-- models versionsPerModel stepsPerMetric]
var models = Arg(0, 10_000);
var versionsPerModel = Arg(1, 10);
var stepsPerMetric = Arg(2, 50); // x 4 metrics = 200 points per version
const string Token = "bench-token-0123456789abcdef0123456789abcdef";
var culture = CultureInfo.InvariantCulture;

await using var host = new RegistryBenchHost(new Dictionary<string, string?>
{
    ["ModelHub:Bootstrap:AdminEmail"] = "admin@bench.local",
    ["ModelHub:Bootstrap:AdminPassword"] = "bench-password-2026!",
    ["ModelHub:Bootstrap:AdminToken"] = Token,
});
var address = host.Address;
using var http = new HttpClient { BaseAddress = address };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
await http.GetStringAsync("/api/models?take=1");

var seed = Stopwatch.StartNew();
await Seeder.SeedAsync(Path.Combine(host.DataFolder, "modelhub.db"), models, versionsPerModel, stepsPerMetric);
Console.WriteLine($"seeded {models:N0} models, {models * versionsPerModel:N0} versions, {(long)models * versionsPerModel * stepsPerMetric * 4:N0} metric points in {seed.Elapsed.TotalSeconds:0} s");
Console.WriteLine($"database size: {new FileInfo(Path.Combine(host.DataFolder, "modelhub.db")).Length / 1024 / 1024:N0} MB");

var random = new Random(42);
string Model(int i) => $"model-{i:D5}";
await Time("models list page (25 rows, random page, sort by last change)", 200, () => $"/api/models?take=25&skip={random.Next(0, models / 25) * 25}");
await Time("models list page (25 rows, search 'model-0', sort by name)", 200, () => $"/api/models?take=25&search=model-0&sort=Name&descending=false&skip={random.Next(0, 40) * 25}");
await Time("models list page (25 rows, sort by versions)", 50, () => "/api/models?take=25&sort=Versions");
await Time("model page", 200, () => $"/api/models/{Model(random.Next(models))}");
await Time("version page", 200, () => $"/api/models/{Model(random.Next(models))}/versions/{random.Next(1, versionsPerModel + 1)}");
var compareBytes = 0;
await Time("compare 6 versions (2 models)", 200, () =>
{
    var a = Model(random.Next(models));
    var b = Model(random.Next(models));
    return $"/api/compare?v={a}:1&v={a}:2&v={a}:3&v={b}:1&v={b}:2&v={b}:3";
}, bytes => compareBytes = bytes);
Console.WriteLine($"compare payload: {compareBytes / 1024.0:0.0} KB (6 versions x 4 metrics x {stepsPerMetric} points)");

// The resolve API: the freshness check, then wrk.
using (var put = await http.PutAsJsonAsync($"/api/models/{Model(1)}/aliases/canary", new { version = 1 }))
{
    put.EnsureSuccessStatusCode();
}

await http.GetStringAsync($"/api/models/{Model(1)}/aliases/canary");
var stale = 0;
for (var i = 0; i < 200; i++)
{
    var target = (i % versionsPerModel) + 1;
    (await http.PutAsJsonAsync($"/api/models/{Model(1)}/aliases/canary", new { version = target })).EnsureSuccessStatusCode();
    var got = (int)JsonNode.Parse(await http.GetStringAsync($"/api/models/{Model(1)}/aliases/canary"))!["version"]!;
    stale += got == target ? 0 : 1;
}

Console.WriteLine($"alias moves followed by an immediate resolve: 200, stale answers: {stale}");
await http.GetStringAsync($"/api/models/{Model(1)}/aliases/production");
if (File.Exists("/usr/bin/wrk"))
{
    var resolve = Wrk($"{address}api/models/{Model(1)}/aliases/production", Token);
    var ceiling = Wrk($"{address}bench/ping", Token);
    Console.WriteLine($"resolve API: {resolve}");
    Console.WriteLine($"ceiling (/bench/ping, same app, no auth/endpoint routing): {ceiling}");
}
else
{
    Console.WriteLine("wrk not found: install it (apt-get install -y wrk) for the resolve API figures.");
}

async Task Time(string name, int count, Func<string> url, Action<int>? size = null)
{
    for (var i = 0; i < 10; i++)
    {
        await http.GetByteArrayAsync(url());
    }

    var times = new List<double>();
    for (var i = 0; i < count; i++)
    {
        var u = url();
        var watch = Stopwatch.StartNew();
        var body = await http.GetByteArrayAsync(u);
        times.Add(watch.Elapsed.TotalMilliseconds);
        size?.Invoke(body.Length);
    }

    times.Sort();
    Console.WriteLine($"{name}: p50 {times[count / 2].ToString("0.0", culture)} ms, p95 {times[(int)(count * 0.95)].ToString("0.0", culture)} ms, max {times[^1].ToString("0.0", culture)} ms ({count} requests)");
}

static string Wrk(string url, string token)
{
    var start = new ProcessStartInfo("wrk", $"-t2 -c64 -d15s --latency -H \"Authorization: Bearer {token}\" {url}") { RedirectStandardOutput = true };
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var rps = output.Split('\n').FirstOrDefault(l => l.StartsWith("Requests/sec", StringComparison.Ordinal))?.Trim();
    var p99 = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("99%", StringComparison.Ordinal))?.Trim();
    var errors = output.Split('\n').FirstOrDefault(l => l.Contains("Non-2xx", StringComparison.Ordinal))?.Trim();
    return $"{rps}; latency p99 {p99?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]}{(errors is null ? "" : "; " + errors)}";
}

int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var v) ? v : fallback;

/// <summary>The real app on a loopback port, plus a trivial <c>/bench/ping</c> answered before routing, as the ceiling.</summary>
internal sealed class RegistryBenchHost : WebApplicationFactory<ModelHub.Web.Components.App>
{
    private readonly IReadOnlyDictionary<string, string?> settings;

    public RegistryBenchHost(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
        UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("modelhub-registrybench-").FullName;

    public Uri Address
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ModelHub:DataFolder", DataFolder);
        builder.ConfigureLogging(logging => logging.AddFilter((_, level) => level >= LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PingFilter>());
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class PingFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) => context.Request.Path == "/bench/ping"
                ? context.Response.WriteAsync("ok")
                : nextMiddleware(context));
            next(app);
        };
    }
}

/// <summary>Bulk inserts with one prepared command per table inside one transaction: the fastest way into SQLite.</summary>
internal static class Seeder
{
    private static readonly string[] Metrics = ["train_loss", "valid_loss", "train_mean_token_accuracy", "valid_mean_token_accuracy"];

    public static async Task SeedAsync(string path, int models, int versionsPerModel, int steps)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;");
        var owner = (string)(await Scalar(connection, "SELECT Id FROM AspNetUsers LIMIT 1"))!;
        // The app stores DateTimeOffset as EF's binary encoding (ticks and offset packed in one long): encode, never add to it.
        var converter = new DateTimeOffsetToBinaryConverter();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        long At(double minutes) => (long)converter.ConvertToProvider(start.AddMinutes(minutes))!;
        var now = At(0);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        await Exec(connection, $"INSERT INTO Datasets (Name, Purpose, Sha256, SizeBytes, OriginalFileName, ExampleCount, TotalTokens, Encoding, WarningCount, ReportJson, StatisticsJson, CreatedById, CreatedAt) VALUES ('bench', 'Training', '{new string('a', 64)}', 1, 'b.jsonl', 1, 1, 'o200k_base', 0, '{{}}', '{{}}', '{owner}', {now})", tx);
        var datasetId = (long)(await Scalar(connection, "SELECT max(Id) FROM Datasets", tx))!;

        var model = Command(connection, tx, "INSERT INTO RegisteredModels (Name, Description, OwnerId, CreatedAt, UpdatedAt) VALUES ($n, 'Benchmark model', $o, $t, $t)", "$n", "$o", "$t");
        var job = Command(connection, tx, $"INSERT INTO FineTuneJobs (Status, RegisteredModelId, BaseModel, TrainingDatasetId, FineTunedModel, LaunchedById, CreatedAt, CurrentStep) VALUES ('succeeded', $m, 'gpt-4o-mini-2024-07-18', {datasetId}, $f, $o, $t, $s)", "$m", "$f", "$o", "$t", "$s");
        var version = Command(connection, tx, $"INSERT INTO ModelVersions (RegisteredModelId, Number, ProviderModelId, BaseModel, Stage, JobId, TrainingDatasetId, TrainingDatasetSha256, NEpochs, FinalMetricsJson, CreatedById, CreatedAt) VALUES ($m, $n, $p, 'gpt-4o-mini-2024-07-18', $st, $j, {datasetId}, '{new string('a', 64)}', 3, '{{\"train_loss\":0.1,\"valid_loss\":0.12,\"train_mean_token_accuracy\":0.9,\"valid_mean_token_accuracy\":0.88}}', $o, $t)", "$m", "$n", "$p", "$st", "$j", "$o", "$t");
        var transition = Command(connection, tx, "INSERT INTO StageTransitions (ModelVersionId, \"From\", \"To\", At, ById, Reason) VALUES ($v, $f, $to, $t, $o, NULL)", "$v", "$f", "$to", "$t", "$o");
        var point = Command(connection, tx, "INSERT INTO MetricPoints (JobId, Name, Step, Value) VALUES ($j, $n, $s, $v)", "$j", "$n", "$s", "$v");
        var random = new Random(7);
        for (var m = 0; m < models; m++)
        {
            var name = $"model-{m:D5}";
            var modelId = (long)(await Run(model, true, name, owner, At(m)))!;
            for (var n = 1; n <= versionsPerModel; n++)
            {
                var provider = $"ft:gpt-4o-mini-2024-07-18:bench:{name}-v{n}:{m:x5}{n:x2}";
                var jobId = (long)(await Run(job, true, modelId, provider, owner, now, steps))!;
                var stage = n == versionsPerModel ? "Production" : n == versionsPerModel - 1 ? "Staging" : n < versionsPerModel - 3 ? "Archived" : "None";
                var versionId = (long)(await Run(version, true, modelId, n, provider, stage, jobId, owner, now))!;
                await Run(transition, false, versionId, DBNull.Value, "None", now, owner);
                if (stage != "None")
                {
                    await Run(transition, false, versionId, "None", stage, At(n), owner);
                }

                foreach (var metric in Metrics)
                {
                    var accuracy = metric.Contains("accuracy");
                    for (var s = 1; s <= steps; s++)
                    {
                        var loss = (2.0 / (1 + (s * 0.05))) + (random.NextDouble() * 0.05);
                        await Run(point, false, jobId, metric, s, accuracy ? 1 - (loss / 3) : loss);
                    }
                }
            }
        }

        await tx.CommitAsync();
        await Exec(connection, "ANALYZE;");
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql + (sql.StartsWith("INSERT INTO MetricPoints", StringComparison.Ordinal) || sql.StartsWith("INSERT INTO StageTransitions", StringComparison.Ordinal) ? "" : " RETURNING Id");
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter(p, null));
        }

        command.Prepare();
        return command;
    }

    private static async Task<object?> Run(SqliteCommand command, bool scalar, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        if (scalar)
        {
            return await command.ExecuteScalarAsync();
        }

        command.ExecuteNonQuery();
        return null;
    }

    private static async Task Exec(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
