using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelHub.BenchSupport;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Core.Webhooks;

// Webhook delivery benchmark: how long after a change commits does a healthy receiver hold its signed event?
// Each change is a real alias move over loopback HTTP (an audited change whose outbox row commits with it); the receiver
// is a Kestrel app on loopback that verifies every signature. Latency = arrival at the receiver − the event's occurredAt
// (stamped inside the change's transaction, before its commit, so the figure slightly overstates the wait).
// Phase 1 sends one change at a time; phase 2 has several writers changing at once.
// Usage: dotnet run -c Release --project bench/ModelHub.WebhookBench [-- sequentialChanges workers seconds]
var sequential = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
var workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 15;
const string Secret = "bench-signing-secret-0123456789";
const string Model = "bench";

var arrivals = new ConcurrentDictionary<string, (double LatencyMs, bool Valid)>();
var arrived = new SemaphoreSlim(0);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
await using var receiver = builder.Build();
receiver.MapPost("/hook", async (HttpRequest request) =>
{
    var now = DateTimeOffset.UtcNow;
    using var buffer = new MemoryStream();
    await request.Body.CopyToAsync(buffer);
    var body = buffer.ToArray();
    var timestamp = long.Parse(request.Headers["X-ModelHub-Timestamp"].ToString(), CultureInfo.InvariantCulture);
    var valid = WebhookSignature.Verify(Secret, timestamp, body, request.Headers["X-ModelHub-Signature"].ToString());
    var occurredAt = DateTimeOffset.Parse((string)JsonNode.Parse(body)!["occurredAt"]!, CultureInfo.InvariantCulture);
    arrivals.TryAdd(request.Headers["X-ModelHub-Delivery"].ToString(), ((now - occurredAt).TotalMilliseconds, valid));
    arrived.Release();
    return Results.Ok();
});
receiver.Urls.Add("http://127.0.0.1:0");
await receiver.StartAsync();

await using var host = new LoopbackApp("webhookbench", new Dictionary<string, string?> { ["ModelHub:Webhooks:AllowPrivateTargets"] = "true" });
var services = host.Services;
var user = (await services.GetRequiredService<UserAdministration>().CreateAsync("admin@bench.local", "bench-password-2026!", [Roles.Admin], Actor.System)).Value;
var token = (await services.GetRequiredService<AccessTokens>().IssueAsync(user.Id, "bench", 1, Actor.System)).Value.Token;
using var http = new HttpClient { BaseAddress = host.Address };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
await SeedVersionsAsync(services, user.Id);
var created = await http.PostAsJsonAsync("/api/webhooks", new { url = receiver.Urls.First() + "/hook", secret = Secret, events = new[] { "alias.set" }, enabled = true });
created.EnsureSuccessStatusCode();

// Warm-up (JIT, connection pools), not measured.
for (var i = 0; i < 20; i++)
{
    await ChangeAsync("warm-up", i);
    await arrived.WaitAsync();
}

arrivals.Clear();
var clock = Stopwatch.StartNew();
for (var i = 0; i < sequential; i++)
{
    await ChangeAsync("sequential", i);
    await arrived.WaitAsync();
}

Report($"sequential: {sequential} changes one at a time", [.. arrivals.Values], clock.Elapsed);

arrivals.Clear();
var changes = 0;
clock.Restart();
var deadline = TimeSpan.FromSeconds(seconds);
await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
{
    for (var n = 0; clock.Elapsed < deadline; n++)
    {
        await ChangeAsync($"worker-{w}", n);
        Interlocked.Increment(ref changes);
    }
})));
var drain = Stopwatch.StartNew();
while (arrivals.Count < changes && drain.Elapsed < TimeSpan.FromSeconds(30))
{
    await arrived.WaitAsync(TimeSpan.FromSeconds(1));
}

Report($"concurrent: {workers} writers for {seconds} s, {changes} changes", [.. arrivals.Values], clock.Elapsed);
Console.WriteLine($"undelivered after 30 s drain: {changes - arrivals.Count}");

// Each caller moves its own alias between the two versions, so every call is a real change (an alias already pointing
// at the version is not written, audited or announced).
async Task ChangeAsync(string alias, int i)
{
    using var response = await http.PutAsJsonAsync($"/api/models/{Model}/aliases/{alias}", new { version = 1 + (i % 2) });
    response.EnsureSuccessStatusCode();
    if ((bool?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["changed"] != true)
    {
        throw new InvalidOperationException($"Moving {alias} changed nothing; the benchmark would wait for an event that never comes.");
    }
}

static void Report(string title, IReadOnlyList<(double LatencyMs, bool Valid)> samples, TimeSpan elapsed)
{
    var sorted = samples.Select(s => s.LatencyMs).Order().ToList();
    double At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    Console.WriteLine($"{title}: delivered {sorted.Count} in {elapsed.TotalSeconds:0.0} s, invalid signatures {samples.Count(s => !s.Valid)}");
    Console.WriteLine($"  commit→receiver ms: p50 {At(0.50):0.0}  p95 {At(0.95):0.0}  p99 {At(0.99):0.0}  max {sorted[^1]:0.0}");
}

static async Task SeedVersionsAsync(IServiceProvider services, string userId)
{
    // Two registered versions straight in the database (not timed): training is not what is measured.
    await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
    var now = DateTimeOffset.UtcNow;
    var model = new RegisteredModel { Name = Model, OwnerId = userId, CreatedAt = now, UpdatedAt = now };
    db.RegisteredModels.Add(model);
    var dataset = new Dataset
    {
        Name = "bench-train", Purpose = DatasetPurpose.Training, Sha256 = new string('a', 64), SizeBytes = 1, OriginalFileName = "train.jsonl",
        ExampleCount = 10, TotalTokens = 100, Encoding = "o200k_base", ReportJson = "{}", StatisticsJson = "{}", CreatedById = userId, CreatedAt = now,
    };
    db.Datasets.Add(dataset);
    await db.SaveChangesAsync();
    foreach (var number in new[] { 1, 2 })
    {
        var job = new FineTuneJob
        {
            RegisteredModelId = model.Id, BaseModel = "gpt-4o-mini-2024-07-18", TrainingDatasetId = dataset.Id, Status = JobStatus.Succeeded,
            FineTunedModel = $"ft:gpt-4o-mini-2024-07-18:bench:{Model}-v{number}", LaunchedById = userId, CreatedAt = now, FinishedAt = now,
        };
        db.FineTuneJobs.Add(job);
        await db.SaveChangesAsync();
        db.ModelVersions.Add(new ModelVersion
        {
            RegisteredModelId = model.Id, Number = number, ProviderModelId = job.FineTunedModel, BaseModel = job.BaseModel, JobId = job.Id,
            TrainingDatasetId = dataset.Id, TrainingDatasetSha256 = dataset.Sha256, FinalMetricsJson = "{}", CreatedById = userId, CreatedAt = now,
        });
        await db.SaveChangesAsync();
    }
}
