using ModelHub.BenchSupport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

// Promotion benchmark: 50 concurrent workers for 30 s on ONE model, each looping over a random choice of
// promote (stage → request → approve), rollback, or custom-alias move, over loopback HTTP against the real app on SQLite.
// Afterwards: exactly one Production version, the production alias agrees, one open deployment, the audit chain verifies.
// Usage: dotnet run -c Release --project bench/ModelHub.PromotionBench [-- workers seconds [instances [warm-up seconds]]]
// With instances > 1 (bench/run-promotion-instances.sh: PostgreSQL and Redis), the first instance is hosted in-process
// and the others are processes of the same build on the same database, Redis and data folder; each request goes to the
// next instance in turn.
var workers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var instances = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var warmUpSeconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 15;
const string Model = "bench";
var latencies = new ConcurrentBag<(string Kind, double Ms, int Status)>();
var statuses = new ConcurrentDictionary<string, int>();

// The writer lock's own figures, from the app's meter: how long audited writes waited for it and held it.
var lockWait = new ConcurrentBag<double>();
var lockHeld = new ConcurrentBag<double>();
using var meters = new MeterListener();
meters.InstrumentPublished = (instrument, listener) =>
{
    if (instrument.Meter.Name == AuditLog.MeterName)
    {
        listener.EnableMeasurementEvents(instrument);
    }
};
// The instruments report seconds; the figures below are in milliseconds.
meters.SetMeasurementEventCallback<double>((instrument, value, _, _) => (instrument.Name.EndsWith("wait", StringComparison.Ordinal) ? lockWait : lockHeld).Add(value * 1000));

await using var host = new LoopbackApp("promotionbench");
var address = host.Address;
var services = host.Services;
await using var others = await OtherInstances.StartAsync(host.DataFolder, instances - 1);
Uri[] addresses = [address, .. others.Addresses];
var engineer = await ClientAsync("engineer@bench.local", Roles.Engineer);
var reviewer = await ClientAsync("reviewer@bench.local", Roles.Reviewer);
var onCall = await ClientAsync("oncall@bench.local", Roles.OnCall);

// Trained versions with a passed gate run are registered before the clock starts: training is not what is measured,
// and seeding during the run would compete with the measured requests for the database.
var fresh = new ConcurrentQueue<int>(await Seed.VersionsAsync(services, Model, engineer.UserId, PoolSize(workers, seconds + warmUpSeconds)));
var seededDuringRun = 0;

// Two versions in production history so rollbacks have somewhere to go from the start.
for (var i = 0; i < 2; i++)
{
    await PromoteAsync(await NextVersionAsync(), null);
}

// Unmeasured first, the same loop: the other instances are fresh processes whose code .NET's tiered compiler is still
// optimising under load for their first seconds (in a 30 s run without this they spent ~10 ms of CPU per request
// against ~6 ms for the warmed in-process instance).
await RunWorkersAsync(TimeSpan.FromSeconds(warmUpSeconds), record: null);

meters.Start();
var cpu = MachineCpu.Available ? new MachineCpu() : null;
var clock = Stopwatch.StartNew();
await RunWorkersAsync(TimeSpan.FromSeconds(seconds), latencies);
clock.Stop();
var cpuReport = cpu?.Report(clock.Elapsed, latencies.Count);
meters.Dispose();

var all = latencies.Select(l => l.Ms).Order().ToList();
Console.WriteLine($"instances: {addresses.Length} ({services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["ModelHub:Database:Provider"] ?? "Sqlite"})");
Console.WriteLine($"{workers} workers, {clock.Elapsed.TotalSeconds:0.0} s, {all.Count:N0} requests, {all.Count / clock.Elapsed.TotalSeconds:0} req/s");
Console.WriteLine($"all: p50 {P(all, 0.50):0.0} ms, p99 {P(all, 0.99):0.0} ms, max {all[^1]:0.0} ms");
foreach (var kind in latencies.GroupBy(l => l.Kind).OrderBy(g => g.Key))
{
    var sorted = kind.Select(l => l.Ms).Order().ToList();
    var answers = string.Join(", ", kind.GroupBy(l => l.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} × {g.Count():N0}"));
    Console.WriteLine($"  {kind.Key}: {sorted.Count:N0} requests ({answers}), p50 {P(sorted, 0.50):0.0} ms, p99 {P(sorted, 0.99):0.0} ms");
}

var held = lockHeld.Order().ToList();
var waited = lockWait.Order().ToList();
Console.WriteLine($"writer lock: {held.Count:N0} audited writes, held p50 {P(held, 0.50):0.00} ms, p99 {P(held, 0.99):0.00} ms, "
    + $"sum {held.Sum() / 1000:0.0} s of {clock.Elapsed.TotalSeconds:0.0} s; waited p50 {P(waited, 0.50):0.0} ms, p99 {P(waited, 0.99):0.0} ms");
if (cpuReport is not null)
{
    Console.WriteLine(cpuReport);
}

Console.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
Console.WriteLine($"versions seeded before the run: {PoolSize(workers, seconds + warmUpSeconds):N0}; seeded during it (pool ran out): {seededDuringRun:N0}");

// Invariants.
await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
var production = await db.ModelVersions.Where(v => v.RegisteredModel!.Name == Model && v.Stage == ModelStage.Production).Select(v => v.Number).ToListAsync();
var staging = await db.ModelVersions.CountAsync(v => v.RegisteredModel!.Name == Model && v.Stage == ModelStage.Staging);
var resolved = (int)JsonNode.Parse(await engineer.Next().GetStringAsync($"/api/models/{Model}/aliases/production"))!["version"]!;
var open = await db.Deployments.Where(d => d.To == null).Select(d => db.ModelVersions.Single(v => v.Id == d.ModelVersionId).Number).ToListAsync();
var audit = await services.GetRequiredService<VerifyAuditChain>().ExecuteAsync();
var violations = (production.Count == 1 ? 0 : 1) + (staging <= 1 ? 0 : 1) + (production.Count == 1 && resolved == production[0] ? 0 : 1)
    + (open.Count == 1 && production.Count == 1 && open[0] == production[0] ? 0 : 1) + (audit.Ok ? 0 : 1)
    + statuses.Where(s => s.Key.StartsWith('5')).Sum(s => s.Value);
Console.WriteLine($"production versions: {production.Count} (v{string.Join(",v", production)}), staging versions: {staging}, alias resolves to v{resolved}, open deployments: {open.Count}");
Console.WriteLine($"audit chain: {(audit.Ok ? "verifies" : "BROKEN")} ({audit.CheckedCount:N0} entries); invariant violations (incl. 5xx): {violations}");
return violations == 0 ? 0 : 1;

async Task<int> NextVersionAsync()
{
    if (fresh.TryDequeue(out var version))
    {
        return version;
    }

    Interlocked.Increment(ref seededDuringRun);
    return (await Seed.VersionsAsync(services, Model, engineer.UserId, 1))[0];
}

// Enough for the fastest run seen, with room: a third of the loops promote, and a promotion is three requests.
static int PoolSize(int workers, int seconds) => Math.Max(100, seconds * 400);

async Task PromoteAsync(int version, ConcurrentBag<(string, double, int)>? bag)
{
    if (!await StepAsync("stage", bag, () => engineer.Next().PostAsJsonAsync($"/api/models/{Model}/versions/{version}/stage", new { stage = "Staging", reason = "bench" })))
    {
        return;
    }

    int? id = null;
    await StepAsync("request", bag, () => engineer.Next().PostAsJsonAsync("/api/promotions", new { model = Model, version }), async r => id = (int)JsonNode.Parse(await r.Content.ReadAsStringAsync())!["id"]!);
    if (id is not null)
    {
        await StepAsync("approve", bag, () => reviewer.Next().PostAsJsonAsync($"/api/promotions/{id}/approve", new { comment = "bench" }));
    }
}

async Task<bool> StepAsync(string kind, ConcurrentBag<(string, double, int)>? bag, Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, Task>? read = null)
{
    var watch = Stopwatch.StartNew();
    using var response = await send();
    var ms = watch.Elapsed.TotalMilliseconds;
    if (bag is not null)
    {
        bag.Add((kind, ms, (int)response.StatusCode));
        statuses.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
    }

    if (response.IsSuccessStatusCode && read is not null)
    {
        await read(response);
    }

    return response.IsSuccessStatusCode;
}

// The workers' loop for a while; what they answer is recorded in `record` (and the statuses) unless it is null.
async Task RunWorkersAsync(TimeSpan duration, ConcurrentBag<(string, double, int)>? record)
{
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
    {
        var random = new Random(w + (record is null ? 1000 : 0));
        while (watch.Elapsed < duration)
        {
            switch (random.Next(3))
            {
                case 0:
                    await PromoteAsync(await NextVersionAsync(), record);
                    break;
                case 1:
                    await StepAsync("rollback", record, () => onCall.Next().PostAsJsonAsync($"/api/models/{Model}/rollback", new { reason = "bench" }));
                    break;
                default:
                    await StepAsync("alias", record, () => engineer.Next().PutAsJsonAsync($"/api/models/{Model}/aliases/canary", new { version = random.Next(1, 3) }));
                    break;
            }
        }
    })));
}

static double P(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

async Task<InstanceClients> ClientAsync(string email, string role)
{
    var user = (await services.GetRequiredService<UserAdministration>().CreateAsync(email, "bench-password-2026!", [role], Actor.System)).Value;
    var token = (await services.GetRequiredService<AccessTokens>().IssueAsync(user.Id, "bench", 1, Actor.System)).Value.Token;
    var clients = addresses.Select(instance =>
    {
        var http = new HttpClient { BaseAddress = instance };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }).ToArray();
    return new InstanceClients(clients, user.Id);
}
