using System.Diagnostics;
using System.Globalization;
using ModelHub.GatewayBench;

// Gateway benchmark: in one run, on loopback, a fixed-answer upstream stub reached three ways under wrk -c64 — directly,
// through a bare YARP route, and through ModelHub's gateway (the real app, metering on) — then streaming time to first
// byte from a .NET client, metered calls against answered calls, and the gateway's memory over a long mixed run.
// Usage: dotnet run -c Release --project bench/ModelHub.GatewayBench [-- [--quick] [--gateway-dll PATH]]
//        (child modes, started by the bench itself: stub PORT | yarp PORT UPSTREAM)
if (args is ["stub", var stubPort])
{
    await UpstreamStubServer.RunAsync(int.Parse(stubPort, CultureInfo.InvariantCulture));
    return 0;
}

if (args is ["yarp", var yarpPort, var upstream])
{
    await YarpRoute.RunAsync(int.Parse(yarpPort, CultureInfo.InvariantCulture), new Uri(upstream));
    return 0;
}

var quick = args.Contains("--quick");
var plan = quick
    ? new Plan(Warmup: TimeSpan.FromSeconds(15), Wrk: TimeSpan.FromSeconds(10), Rounds: 1, Sequential: 200, Concurrent: 400, Memory: TimeSpan.FromMinutes(1), FixedRate: TimeSpan.FromSeconds(5))
    : new Plan(Warmup: TimeSpan.FromSeconds(40), Wrk: TimeSpan.FromSeconds(10), Rounds: 3, Sequential: 500, Concurrent: 2000, Memory: TimeSpan.FromMinutes(5), FixedRate: TimeSpan.FromSeconds(15));
var inv = CultureInfo.InvariantCulture;
var repo = RepoRoot();
var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
// --gateway-dll PATH: another build of the app (e.g. an earlier commit's) measured with this same bench, for before/after.
var webDll = args.SkipWhile(a => a != "--gateway-dll").Skip(1).FirstOrDefault()
    ?? Path.Combine(repo, "ModelHub.Web", "bin", configuration, "net10.0", "ModelHub.Web.dll");
var results = Directory.CreateDirectory(Path.Combine(repo, "bench", "results")).FullName;
var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", inv);
using var report = new StreamWriter(Path.Combine(results, $"gateway-{stamp}.txt")) { AutoFlush = true };
void Say(string line)
{
    Console.WriteLine(line);
    report.WriteLine(line);
}

Say($"gateway bench ({(quick ? "quick" : "full")}, {configuration}) at {DateTime.UtcNow:u}; {Environment.ProcessorCount} cores; {Uptime()}");
Say($"ModelHub: {webDll}");

var stubPortNumber = ChildProcess.FreePort();
using var stub = ChildProcess.Start(Environment.ProcessPath!, $"stub {stubPortNumber}", Path.Combine(results, "gateway-stub.log"), stubPortNumber);
await stub.WaitUntilAnsweringAsync("", TimeSpan.FromMinutes(1));
var yarpPortNumber = ChildProcess.FreePort();
using var yarp = ChildProcess.Start(Environment.ProcessPath!, $"yarp {yarpPortNumber} {stub.Address}", Path.Combine(results, "gateway-yarp.log"), yarpPortNumber);
await yarp.WaitUntilAnsweringAsync("", TimeSpan.FromMinutes(1));
using var gateway = await GatewayApp.StartAsync(webDll, stub.Address, Path.Combine(results, $"gateway-app-{stamp}.log"));
var token = gateway.ApplicationToken;
Say($"stub {stub.Address} (pid {stub.Pid}), YARP {yarp.Address} (pid {yarp.Pid}), gateway {gateway.Process.Address} (pid {gateway.Process.Pid}, Application token)");

var targets = new[]
{
    new Target("direct", new Uri(stub.Address, "v1/chat/completions"), GatewayApp.ProviderModelId, stub),
    new Target("yarp", new Uri(yarp.Address, "v1/chat/completions"), GatewayApp.ProviderModelId, yarp),
    new Target("gateway", new Uri(gateway.Process.Address, "v1/chat/completions"), GatewayApp.Model, gateway.Process),
};
var gatewayTarget = targets[2];
long gatewayAnswered = 0;
long gatewayNon2xx = 0;

// Warm-up: connection pools, the token and alias caches, and above all tiered JIT compilation, which on a loaded 2-core
// machine takes the full app tens of seconds to finish (a profile after 10 s showed a third of its CPU in the JIT).
// Not reported (the gateway meters it like any call).
foreach (var target in targets)
{
    var warm = await WrkLoad.RunAsync(target.Url, token, [target.Plain, target.Stream], plan.Warmup, results);
    if (target == gatewayTarget)
    {
        gatewayAnswered += warm.Requests;
        gatewayNon2xx += warm.Non2xx;
    }
}

// Rounds of short runs, each target in turn, so load from other work on the machine falls on all three alike; the
// figures are the medians of the rounds. CPU per request is each process's own CPU time over the answers it gave.
var wrk = new Dictionary<(string Kind, string Target), List<Measured>>();
for (var round = 1; round <= plan.Rounds; round++)
{
    foreach (var (kind, body) in new (string, Func<Target, string>)[] { ("plain", t => t.Plain), ("stream", t => t.Stream) })
    {
        Say("");
        Say($"round {round}/{plan.Rounds}: wrk -t1 -c64 -d{plan.Wrk.TotalSeconds:0}s, {kind} chat completion:");
        foreach (var target in targets)
        {
            var (proxyBefore, stubBefore) = (target.Process.CpuTime, stub.CpuTime);
            var result = await WrkLoad.RunAsync(target.Url, token, [body(target)], plan.Wrk, results);
            var measured = new Measured(result,
                (target.Process == stub ? 0 : (target.Process.CpuTime - proxyBefore).TotalMicroseconds) / result.Requests,
                (stub.CpuTime - stubBefore).TotalMicroseconds / result.Requests);
            (wrk.TryGetValue((kind, target.Name), out var list) ? list : wrk[(kind, target.Name)] = []).Add(measured);
            if (target == gatewayTarget)
            {
                gatewayAnswered += result.Requests;
                gatewayNon2xx += result.Non2xx;
            }

            Say(string.Create(inv, $"   {target.Name,-8} {result}  CPU/request: proxy {measured.ProxyCpuMicroseconds,5:0} µs, stub {measured.StubCpuMicroseconds,4:0} µs  (load {LoadAverage()})"));
        }
    }
}

// Metering under wrk: wrk stops with up to 64 calls in flight, which the gateway finishes (or sees cancelled, 499) and
// meters but wrk never counts; so the stored count may exceed wrk's by at most 64 per run, never fall short.
var meteredUnderWrk = await SettledMeteredAsync(gateway);

// Latency below saturation: under wrk -c64 every target runs flat out, so its latency is 64 connections over its
// throughput (Little's law) and a p99 there measures throughput, not what the proxy adds to a call. At fixed rates well
// below every target's saturation, from an open-loop client, gateway - direct is the latency the gateway adds.
int[] rates = [1_000, 4_000];
Say("");
Say($"fixed-rate latency (open-loop .NET client, kept-alive connections, latency from each call's scheduled send to its last byte; {plan.FixedRate.TotalSeconds:0} s per rate and target after 1 s unrecorded at the rate):");
var fixedRate = new Dictionary<(string Kind, int Rate, string Target), OpenLoopResult>();
var openLoopGatewaySent = 0L;
using (var openLoop = new OpenLoopLoad(token))
{
    foreach (var (kind, body) in new (string, Func<Target, string>)[] { ("plain", t => t.Plain), ("stream", t => t.Stream) })
    {
        foreach (var rate in rates)
        {
            foreach (var target in targets)
            {
                var result = await openLoop.RunAsync(target.Url, body(target), rate, TimeSpan.FromSeconds(1), plan.FixedRate);
                fixedRate[(kind, rate, target.Name)] = result;
                if (target == gatewayTarget)
                {
                    openLoopGatewaySent += result.SentWithWarmup;
                }

                Say(string.Create(inv, $"   {kind,-6} {target.Name,-8} {result}  (load {LoadAverage()})"));
            }
        }
    }
}

var meteredAfterOpenLoop = await SettledMeteredAsync(gateway);
var openLoopMetered = Total(meteredAfterOpenLoop) - Total(meteredUnderWrk);

Say("");
Say($"streaming time to first byte (.NET client, request sent -> first body byte; {plan.Sequential} sequential calls to each target in turn, then {plan.Concurrent} from 16 concurrent callers per target):");
using var probe = new TtfbProbe(token);
var sequential = await probe.SequentialAsync([.. targets.Select(t => (t.Url, t.Stream))], plan.Sequential);
var concurrent = new Dictionary<string, Ttfb>();
for (var t = 0; t < targets.Length; t++)
{
    concurrent[targets[t].Name] = await probe.ConcurrentAsync(targets[t].Url, targets[t].Stream, plan.Concurrent, workers: 16);
    Say($"   {targets[t].Name,-8} sequential {sequential[t]}   concurrent {concurrent[targets[t].Name]}");
}

// Metering, exact: every one of the probe's gateway calls was answered 200 and read to the end before the next.
var meteredAfterProbe = await SettledMeteredAsync(gateway);
var probeCalls = sequential[2].Answered + concurrent["gateway"].Answered;
var probeMetered = Total(meteredAfterProbe) - Total(meteredAfterOpenLoop);

Say("");
Say($"memory: gateway under wrk -c64 (plain and streaming calls alternating) for {plan.Memory.TotalMinutes:0.#} min, sampled every 10 s:");
var samples = new List<MemorySample>();
WrkResult soak;
using (var sampler = new MemorySampler(gateway.Process.Pid, TimeSpan.FromSeconds(10)))
{
    var watch = Stopwatch.StartNew();
    var load = WrkLoad.RunAsync(gatewayTarget.Url, token, [gatewayTarget.Plain, gatewayTarget.Stream], plan.Memory, results);
    while (!load.IsCompleted)
    {
        if (await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10))) == load)
        {
            break;
        }

        samples.Add(sampler.Sample(watch.Elapsed));
        var s = samples[^1];
        Say(string.Create(inv, $"   {s.At.TotalSeconds,5:0} s  RSS {s.RssMb,7:0.0} MB  GC heap {(s.GcHeapMb is { } h ? h.ToString("0.0", inv) + " MB" : "n/a")}  (load {LoadAverage()})"));
    }

    soak = await load;
}

var meteredAfterSoak = await SettledMeteredAsync(gateway);
var soakMetered = Total(meteredAfterSoak) - Total(meteredAfterProbe);
Say($"   wrk: {soak}");

// Summary against the issue's targets.
Say("");
Say("== figures against the targets");
foreach (var kind in new[] { "plain", "stream" })
{
    var direct = Median(wrk[(kind, "direct")]);
    var viaYarp = Median(wrk[(kind, "yarp")]);
    var viaGateway = Median(wrk[(kind, "gateway")]);
    Say(string.Create(inv, $"{kind,-6} (medians of {plan.Rounds} rounds): direct {direct}; YARP {viaYarp}; gateway {viaGateway}"));
    Say(string.Create(inv, $"        gateway/YARP throughput {100 * viaGateway.RequestsPerSecond / viaYarp.RequestsPerSecond:0.0} % (target >= 70 %); " +
        $"added p99 gateway - direct {viaGateway.P99Ms - direct.P99Ms:+0.00;-0.00} ms (target < 2 ms; YARP - direct {viaYarp.P99Ms - direct.P99Ms:+0.00;-0.00} ms); " +
        $"added p50 {viaGateway.P50Ms - direct.P50Ms:+0.00;-0.00} ms; proxy CPU/request gateway {viaGateway.ProxyCpuMicroseconds:0} µs vs YARP {viaYarp.ProxyCpuMicroseconds:0} µs"));
}

Say(string.Create(inv, $"TTFB overhead gateway - direct: sequential p50 {sequential[2].P50 - sequential[0].P50:+0.000;-0.000} ms, p99 {sequential[2].P99 - sequential[0].P99:+0.000;-0.000} ms; " +
    $"concurrent p50 {concurrent["gateway"].P50 - concurrent["direct"].P50:+0.000;-0.000} ms, p99 {concurrent["gateway"].P99 - concurrent["direct"].P99:+0.000;-0.000} ms (target < 1 ms; " +
    $"YARP - direct sequential p50 {sequential[1].P50 - sequential[0].P50:+0.000;-0.000} ms)"));
foreach (var kind in new[] { "plain", "stream" })
{
    foreach (var rate in rates)
    {
        var (direct, viaYarp, viaGateway) = (fixedRate[(kind, rate, "direct")], fixedRate[(kind, rate, "yarp")], fixedRate[(kind, rate, "gateway")]);
        Say(string.Create(inv, $"fixed rate {kind,-6} {rate,5}/s: added latency gateway - direct p50 {viaGateway.P50 - direct.P50:+0.000;-0.000} ms, p99 {viaGateway.P99 - direct.P99:+0.000;-0.000} ms (target p99 < 2 ms); " +
            $"YARP - direct p50 {viaYarp.P50 - direct.P50:+0.000;-0.000} ms, p99 {viaYarp.P99 - direct.P99:+0.000;-0.000} ms; direct p50 {direct.P50:0.000} ms, p99 {direct.P99:0.000} ms; failed calls {direct.Failed + viaYarp.Failed + viaGateway.Failed}"));
    }
}

Say($"metered calls, fixed-rate phase (every call awaited to its end): metered {openLoopMetered:N0}, sent {openLoopGatewaySent:N0} -> {(openLoopMetered == openLoopGatewaySent ? "equal" : "DIFFERENT")}");
Say($"metered calls, exact phase (the .NET client's streaming calls): metered {probeMetered:N0}, answered 200 {probeCalls:N0} -> {(probeMetered == probeCalls ? "equal" : "DIFFERENT")}");
Say($"metered calls, wrk phases (warm-up, plain, stream): metered {Total(meteredUnderWrk):N0} ({Describe(meteredUnderWrk)}), wrk counted {gatewayAnswered:N0} answers (non-2xx {gatewayNon2xx}); " +
    $"difference {Total(meteredUnderWrk) - gatewayAnswered:+#,0;-#,0;0} (calls in flight when wrk stopped: at most 64 per gateway run, {1 + (2 * plan.Rounds)} runs)");
Say($"metered calls, memory run: metered {soakMetered:N0} ({Describe(Delta(meteredAfterSoak, meteredAfterProbe))}), wrk counted {soak.Requests:N0} answers (non-2xx {soak.Non2xx}); difference {soakMetered - soak.Requests:+#,0;-#,0;0} (at most 64 in flight at the stop)");
if (samples.Count >= 2)
{
    var slope = Slope(samples.Select(s => (s.At.TotalMinutes, s.RssMb)).ToList());
    var secondHalf = Slope(samples.Skip(samples.Count / 2).Select(s => (s.At.TotalMinutes, s.RssMb)).ToList());
    var heaps = samples.Where(s => s.GcHeapMb is not null).Select(s => s.GcHeapMb!.Value).ToList();
    var heap = heaps.Count > 0 ? string.Create(inv, $"GC heap first {heaps[0]:0.0} MB, last {heaps[^1]:0.0} MB, max {heaps.Max():0.0} MB") : "GC heap not sampled";
    Say(string.Create(inv, $"memory: RSS first {samples[0].RssMb:0.0} MB, last {samples[^1].RssMb:0.0} MB, max {samples.Max(s => s.RssMb):0.0} MB; slope {slope:+0.00;-0.00} MB/min over the run, {secondHalf:+0.00;-0.00} MB/min over its second half; {heap}"));
}

Say($"gateway process log: {gateway.Process.LoggedLines} lines over the whole run; load average at end {LoadAverage()}; {Uptime()}");
return 0;

static long Total(IReadOnlyDictionary<int, long> byStatus) => byStatus.Values.Sum();

static Summary Median(List<Measured> rounds)
{
    static double Mid(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    return new Summary(Mid(rounds.Select(r => r.Wrk.RequestsPerSecond)), Mid(rounds.Select(r => r.Wrk.P50Ms)), Mid(rounds.Select(r => r.Wrk.P99Ms)), Mid(rounds.Select(r => r.ProxyCpuMicroseconds)));
}

static Dictionary<int, long> Delta(IReadOnlyDictionary<int, long> after, IReadOnlyDictionary<int, long> before) =>
    after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key));

static string Describe(IReadOnlyDictionary<int, long> byStatus) =>
    string.Join(", ", byStatus.Where(p => p.Value != 0).OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value:N0}"));

// Waits until two reads a flush interval and a half apart agree: everything answered so far has been stored.
static async Task<IReadOnlyDictionary<int, long>> SettledMeteredAsync(GatewayApp gateway)
{
    var last = await gateway.MeteredCallsAsync();
    while (true)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var now = await gateway.MeteredCallsAsync();
        if (Total(now) == Total(last))
        {
            return now;
        }

        last = now;
    }
}

// Least-squares slope of y over x.
static double Slope(List<(double X, double Y)> points)
{
    var mx = points.Average(p => p.X);
    var my = points.Average(p => p.Y);
    var num = points.Sum(p => (p.X - mx) * (p.Y - my));
    var den = points.Sum(p => (p.X - mx) * (p.X - mx));
    return den == 0 ? 0 : num / den;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static string Uptime() => File.Exists("/proc/loadavg") ? "load average " + string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "";

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ModelHub.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository (ModelHub.sln not found above the binary).");
}

/// <summary>How long each part runs: --quick for checking, the default for the figures.</summary>
internal sealed record Plan(TimeSpan Warmup, TimeSpan Wrk, int Rounds, int Sequential, int Concurrent, TimeSpan Memory, TimeSpan FixedRate);

/// <summary>A wrk run's figures and the CPU each side spent per answer (proxy: YARP or the gateway; 0 for direct).</summary>
internal sealed record Measured(WrkResult Wrk, double ProxyCpuMicroseconds, double StubCpuMicroseconds);

/// <summary>The medians of a target's rounds.</summary>
internal sealed record Summary(double RequestsPerSecond, double P50Ms, double P99Ms, double ProxyCpuMicroseconds)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond:N0} req/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.00} ms, proxy CPU {ProxyCpuMicroseconds:0} µs/request");
}

/// <summary>One way to the stub, with the request bodies it is called with (the same but for the model name).</summary>
internal sealed record Target(string Name, Uri Url, string Model, ChildProcess Process)
{
    public string Plain => $$"""{"model":"{{Model}}","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Say hello in seven tokens."}],"max_tokens":16}""";

    public string Stream => $$$"""{"model":"{{{Model}}}","messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Say hello in seven tokens."}],"max_tokens":16,"stream":true,"stream_options":{"include_usage":true}}""";
}
