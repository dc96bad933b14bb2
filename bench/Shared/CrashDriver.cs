using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using ModelHub.Core.Datasets.Samples;

namespace ModelHub.BenchSupport;

/// <summary>How a crash run goes: which app to start, how many times to kill it, how long it works between kills.</summary>
internal sealed record CrashRunOptions(string AppDll, int Kills, int Seed, TimeSpan MinWork, TimeSpan MaxWork, TextWriter Log);

/// <summary>What a crash run found: every acknowledged change checked after every restart, and what did not hold.</summary>
internal sealed record CrashRunReport(int Kills, int AcknowledgedChecks, int Acknowledged, int Lost, IReadOnlyList<string> Violations)
{
    public bool Passed => Lost == 0 && Violations.Count == 0;

    public override string ToString() =>
        $"kills: {Kills}, acknowledged changes: {Acknowledged}, acknowledged changes checked: {AcknowledgedChecks}, lost: {Lost}, other violations: {Violations.Count}";
}

/// <summary>
/// Runs the real app (<c>dotnet ModelHub.Web.dll</c>) as a child process over one data folder, drives uploads, jobs,
/// gate runs and promotions against it over HTTP, kills it with SIGKILL at a random moment, restarts it and checks
/// that nothing it acknowledged was lost and that nothing was left half done. Shared by <c>bench/ModelHub.CrashTest</c>
/// and the test suite as a linked source file.
/// </summary>
internal sealed class CrashDriver : IAsyncDisposable
{
    private const string Model = "crash";
    private const string Password = "crash-test-password-9";
    private const string AdminEmail = "admin@crash.local";

    private readonly CrashRunOptions options;
    private readonly Random random;
    private readonly string dataFolder = Directory.CreateTempSubdirectory("modelhub-crash-").FullName;
    private readonly string adminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    private readonly List<Acknowledged> acknowledged = [];
    private readonly List<string> violations = [];
    private readonly HashSet<string> checkedFiles = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> refusals = new();
    private readonly int port = FreePort();
    private Process? app;
    private StreamWriter? appLog;
    private HttpClient engineer = null!;
    private HttpClient reviewer = null!;
    private HttpClient onCall = null!;
    private int trainingId;
    private int validationId;
    private int checks;
    private int lost;
    private int uploads;

    public CrashDriver(CrashRunOptions options)
    {
        this.options = options;
        random = new Random(options.Seed);
    }

    /// <summary>One acknowledged change and how to find it again.</summary>
    private sealed record Acknowledged(string Kind, string AuditAction, string? ObjectId, string? Reason, int? Id = null, string? Sha256 = null);

    private Uri Address => new($"http://127.0.0.1:{port}");

    public async Task<CrashRunReport> RunAsync(CancellationToken ct = default)
    {
        options.Log.WriteLine($"data folder: {dataFolder}; app: {options.AppDll}");
        await StartAppAsync(ct);
        await SetUpAsync(ct);
        for (var kill = 1; kill <= options.Kills; kill++)
        {
            var work = options.MinWork + (options.MaxWork - options.MinWork) * random.NextDouble();
            var before = acknowledged.Count;
            await WorkThenKillAsync(work, ct);
            await StartAppAsync(ct);
            await CheckAsync(ct);
            options.Log.WriteLine($"kill {kill}/{options.Kills} after {work.TotalSeconds:F1} s: {acknowledged.Count - before} new acknowledged changes, {acknowledged.Count} in all checked; lost so far {lost}, violations {violations.Count}");
        }

        StopApp();
        options.Log.WriteLine("acknowledged by kind: " + string.Join(", ", acknowledged.GroupBy(a => a.Kind).Select(g => $"{g.Key} {g.Count()}")));
        options.Log.WriteLine("answered otherwise (refusals are expected): " + string.Join(", ", refusals.OrderBy(r => r.Key).Select(r => $"{r.Key} x{r.Value}")));
        return new CrashRunReport(options.Kills, checks, acknowledged.Count, lost, violations);
    }

    private async Task SetUpAsync(CancellationToken ct)
    {
        var admin = Client(adminToken);
        engineer = Client(await UserTokenAsync(admin, "engineer@crash.local", "Engineer", ct));
        // Four eyes: a token an Admin issued for the reviewer may not approve, so the reviewer signs in and issues their own.
        await UserTokenAsync(admin, "reviewer@crash.local", "Reviewer", ct);
        reviewer = Client(await OwnTokenAsync("reviewer@crash.local", ct));
        onCall = Client(await UserTokenAsync(admin, "oncall@crash.local", "OnCall", ct));
        trainingId = await UploadAsync(SampleDatasets.CleanTrain(), "Crash train", "training", ct) ?? throw new InvalidOperationException("The training sample was not stored.");
        validationId = await UploadAsync(SampleDatasets.CleanValidation(), "Crash validation", "validation", ct) ?? throw new InvalidOperationException("The validation sample was not stored.");
        await Json(await engineer.PostAsJsonAsync("/api/models", new { name = Model, description = "crash test" }, ct), ct);

        // A gate every version passes: what is tested is that promotions survive kills, not the model's quality.
        await Json(await engineer.PutAsJsonAsync($"/api/models/{Model}/gate", new { rules = new[] { new { metric = "eval_exact_match", @operator = ">=", threshold = 0.0 } } }, ct), ct);
    }

    private async Task<string> UserTokenAsync(HttpClient admin, string email, string role, CancellationToken ct)
    {
        var created = await admin.PostAsJsonAsync("/api/users", new { email, password = Password, roles = new[] { role } }, ct);
        var user = await Json(created, ct);
        var issued = await admin.PostAsJsonAsync($"/api/users/{(string)user["id"]!}/tokens", new { name = "crash", expiresInDays = 30 }, ct);
        return (string)(await Json(issued, ct))["token"]!;
    }

    // Signs in through the real sign-in form (antiforgery and all) and issues a token from that session, as a person
    // would. The app runs as in production, where cookies are Secure: the client plays the TLS-terminating proxy on the
    // same host (loopback is a trusted proxy), sending X-Forwarded-Proto and carrying the cookies itself.
    private async Task<string> OwnTokenAsync(string email, CancellationToken ct)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var cookies = new Dictionary<string, string>();
        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await browser.SendAsync(request, ct);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';', 2)[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }

            return response;
        }

        async Task<string> PageAsync(string path)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
            return await (await Checked(response)).Content.ReadAsStringAsync(ct);
        }

        var form = HiddenInputs(await PageAsync("/account/login"));
        form["Input.Email"] = email;
        form["Input.Password"] = Password;
        using var signedIn = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(form) });
        if (signedIn.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)signedIn.StatusCode} instead of a redirect.");
        }

        // The sign-out page carries the session's antiforgery token, which cookie calls to /api send as a header.
        var antiforgery = HiddenInputs(await PageAsync("/account/logout"))["__RequestVerificationToken"];
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens") { Content = JsonContent.Create(new { name = "crash", expiresInDays = 30 }) };
        request.Headers.Add("RequestVerificationToken", antiforgery);
        return (string)(await Json(await SendAsync(request), ct))["token"]!;
    }

    private static async Task<HttpResponseMessage> Checked(HttpResponseMessage response) => response.IsSuccessStatusCode
        ? response
        : throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    private static Dictionary<string, string> HiddenInputs(string page) =>
        System.Text.RegularExpressions.Regex.Matches(page, "<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    private async Task WorkThenKillAsync(TimeSpan work, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = new[] { UploadLoopAsync(stop.Token), LaunchLoopAsync(stop.Token), PromoteLoopAsync(stop.Token) };
        await Task.Delay(work, ct);
        Kill();
        await stop.CancelAsync();
        foreach (var loop in loops)
        {
            try
            {
                await loop;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // The app died under the request: whatever it did not answer was not acknowledged.
            }
            catch (Exception e)
            {
                Violation($"the workload failed before the kill: {e.Message}");
            }
        }
    }

    private async Task UploadLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref uploads);
            var lines = SampleDatasets.CleanTrain().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(20).ToList();
            lines.Add($$"""{"messages":[{"role":"user","content":"Crash upload {{n}}: was this kept?"},{"role":"assistant","content":"positive"}]}""");
            await UploadAsync(string.Join('\n', lines) + "\n", $"Crash upload {n}", "training", ct);
        }
    }

    private async Task<int?> UploadAsync(string content, string name, string purpose, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new StringContent(purpose), "purpose" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "data.jsonl");
        var response = await engineer.PostAsync("/api/datasets", form, ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            Expect(response, HttpStatusCode.OK);
            return null;
        }

        var body = await Json(response, ct);
        var id = (int)body["id"]!;
        Acknowledge(new Acknowledged("upload", "dataset.uploaded", Invariant(id), null, id, (string)body["sha256"]!));
        return id;
    }

    private async Task LaunchLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var launched = await engineer.PostAsJsonAsync("/api/jobs", new
            {
                model = Model,
                baseModel = "gpt-4o-mini-2024-07-18",
                trainingDatasetId = trainingId,
                validationDatasetId = validationId,
                hyperparameters = new { nEpochs = 1, batchSize = "auto", learningRateMultiplier = "auto" },
                suffix = "crash",
                seed = Random.Shared.Next(),
            }, ct);
            if (Expect(launched, HttpStatusCode.Created))
            {
                var id = (int)(await Json(launched, ct))["id"]!;
                Acknowledge(new Acknowledged("launch", "job.launched", Invariant(id), null, id));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(300, 1200)), ct);
        }
    }

    private readonly HashSet<int> triedVersions = [];

    private async Task PromoteLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var details = await engineer.GetAsync($"/api/models/{Model}", ct);
            if (details.StatusCode == HttpStatusCode.NotFound)
            {
                await Task.Delay(200, ct);
                continue;
            }

            var versions = (await Json(details, ct))["versions"]!.AsArray()
                .Select(v => (Number: (int)v!["number"]!, Stage: (string)v["stage"]!))
                .Where(v => v.Stage == "None" && !triedVersions.Contains(v.Number))
                .Select(v => v.Number)
                .ToList();
            if (versions.Count == 0)
            {
                await RollBackAsync(ct);
                await Task.Delay(300, ct);
                continue;
            }

            var version = versions[Random.Shared.Next(versions.Count)];
            triedVersions.Add(version);
            await PromoteAsync(version, ct);
        }
    }

    private async Task PromoteAsync(int version, CancellationToken ct)
    {
        var marker = $"crash stage {Guid.NewGuid():N}";
        var staged = await engineer.PostAsJsonAsync($"/api/models/{Model}/versions/{version}/stage", new { stage = "Staging", reason = marker }, ct);
        if (!Expect(staged, HttpStatusCode.OK))
        {
            return;
        }

        Acknowledge(new Acknowledged("stage", "version.staged", null, marker));
        var started = await engineer.PostAsJsonAsync($"/api/models/{Model}/versions/{version}/gate-runs", new { datasetId = validationId }, ct);
        if (!Expect(started, HttpStatusCode.Accepted))
        {
            return;
        }

        var run = (int)(await Json(started, ct))["id"]!;
        Acknowledge(new Acknowledged("gate run", "gate-run.started", Invariant(run), null, run));
        string status;
        do
        {
            await Task.Delay(100, ct);
            status = (string)(await Json(await engineer.GetAsync($"/api/gate-runs/{run}", ct), ct))["status"]!;
        }
        while (status == "running");

        if (status != "passed")
        {
            return;
        }

        var requested = await engineer.PostAsJsonAsync("/api/promotions", new { model = Model, version, comment = "crash test" }, ct);
        if (!requested.IsSuccessStatusCode)
        {
            Expect(requested, HttpStatusCode.Conflict);
            return;
        }

        var request = (int)(await Json(requested, ct))["id"]!;
        Acknowledge(new Acknowledged("promotion request", "promotion.requested", Invariant(request), null, request));
        var approved = await reviewer.PostAsJsonAsync($"/api/promotions/{request}/approve", new { comment = "crash test" }, ct);
        if (approved.IsSuccessStatusCode)
        {
            Acknowledge(new Acknowledged("approval", "promotion.approved", Invariant(request), null, request));
        }
        else
        {
            Expect(approved, HttpStatusCode.Conflict);
        }
    }

    private async Task RollBackAsync(CancellationToken ct)
    {
        var marker = $"crash rollback {Guid.NewGuid():N}";
        var rolled = await onCall.PostAsJsonAsync($"/api/models/{Model}/rollback", new { reason = marker }, ct);

        // Refused (no earlier production version yet) is fine; only a 2xx is acknowledged.
        if (Expect(rolled, HttpStatusCode.OK))
        {
            Acknowledge(new Acknowledged("rollback", "rollback", null, marker));
        }
    }

    private void Acknowledge(Acknowledged change)
    {
        lock (acknowledged)
        {
            acknowledged.Add(change);
        }
    }

    /// <summary>True for the expected status; a 5xx (or any other surprise) is a violation.</summary>
    private bool Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode == expected)
        {
            return true;
        }

        refusals.AddOrUpdate($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} {(int)response.StatusCode}", 1, (_, n) => n + 1);

        // The clients send only well-formed, permitted requests: the one refusal the race between them explains is a 409.
        // Anything else (a 5xx, or a 400/403 that means the driver or the app lost its way) is not a refusal but a fault.
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            Violation($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}");
        }

        return false;
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        var verify = await Json(await engineer.PostAsync("/api/audit/verify", null, ct), ct);
        if (!(bool)verify["ok"]! || (bool?)verify["truncated"] == true)
        {
            Violation($"the audit chain does not verify: {verify.ToJsonString()}");
        }

        var temps = Directory.EnumerateFiles(dataFolder, "*.tmp", SearchOption.AllDirectories).ToList();
        var incoming = Path.Combine(dataFolder, "datasets", "incoming");
        if (Directory.Exists(incoming))
        {
            temps.AddRange(Directory.EnumerateFiles(incoming).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)));
        }

        foreach (var temp in temps)
        {
            Violation($"temp file left after restart: {Path.GetRelativePath(dataFolder, temp)}");
        }

        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "modelhub.db"), Pooling = false }.ToString());
        await db.OpenAsync(ct);
        await Zero(db, "duplicated job events", "SELECT COUNT(*) FROM (SELECT 1 FROM JobEvents GROUP BY JobId, ProviderEventId HAVING COUNT(*) > 1)", ct);
        await Zero(db, "duplicated metric points", "SELECT COUNT(*) FROM (SELECT 1 FROM MetricPoints GROUP BY JobId, Name, Step HAVING COUNT(*) > 1)", ct);
        await Zero(db, "models with more than one Production version", "SELECT COUNT(*) FROM (SELECT 1 FROM ModelVersions WHERE Stage = 'Production' GROUP BY RegisteredModelId HAVING COUNT(*) > 1)", ct);
        await Zero(db, "models with more than one open deployment", "SELECT COUNT(*) FROM (SELECT 1 FROM Deployments WHERE \"To\" IS NULL GROUP BY RegisteredModelId HAVING COUNT(*) > 1)", ct);

        var audited = await SetAsync(db, "SELECT Action || ' ' || ObjectId FROM AuditEntries", ct);
        var reasons = await SetAsync(db, "SELECT Action || ' ' || Reason FROM AuditEntries WHERE Reason IS NOT NULL", ct);
        var datasets = await SetAsync(db, "SELECT Id || ' ' || Sha256 FROM Datasets", ct);
        var jobs = await SetAsync(db, "SELECT Id FROM FineTuneJobs", ct);
        var runs = await SetAsync(db, "SELECT Id FROM GateRuns", ct);
        var requests = await SetAsync(db, "SELECT Id FROM PromotionRequests", ct);
        var approvedRequests = await SetAsync(db, "SELECT Id FROM PromotionRequests WHERE Status = 'Approved'", ct);
        List<Acknowledged> all;
        lock (acknowledged)
        {
            all = [.. acknowledged];
        }

        foreach (var change in all)
        {
            checks++;
            var present = change.ObjectId is not null
                ? audited.Contains($"{change.AuditAction} {change.ObjectId}")
                : reasons.Contains($"{change.AuditAction} {change.Reason}");
            var id = change.Id?.ToString(CultureInfo.InvariantCulture);
            present &= change.Kind switch
            {
                "upload" => datasets.Contains($"{id} {change.Sha256}") && DatasetFileHolds(change.Sha256!),
                "launch" => jobs.Contains(id!),
                "gate run" => runs.Contains(id!),
                "promotion request" => requests.Contains(id!),
                "approval" => approvedRequests.Contains(id!),
                _ => true,
            };
            if (!present)
            {
                lost++;
                Violation($"acknowledged {change.Kind} lost: {change}");
            }
        }
    }

    private bool DatasetFileHolds(string sha256)
    {
        if (checkedFiles.Contains(sha256))
        {
            return File.Exists(Path.Combine(dataFolder, "datasets", sha256[..2], sha256 + ".jsonl"));
        }

        var path = Path.Combine(dataFolder, "datasets", sha256[..2], sha256 + ".jsonl");
        var holds = File.Exists(path) && Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))) == sha256;
        if (holds)
        {
            checkedFiles.Add(sha256);
        }

        return holds;
    }

    private async Task Zero(SqliteConnection db, string what, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        var count = (long)(await command.ExecuteScalarAsync(ct))!;
        if (count != 0)
        {
            Violation($"{what}: {count}");
        }
    }

    private static async Task<HashSet<string>> SetAsync(SqliteConnection db, string sql, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            set.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return set;
    }

    private void Violation(string message)
    {
        lock (violations)
        {
            violations.Add(message);
        }

        options.Log.WriteLine("VIOLATION: " + message);
    }

    private async Task StartAppAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(options.AppDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.AppDll);
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["ASPNETCORE_URLS"] = Address.ToString(),
                     ["ASPNETCORE_ENVIRONMENT"] = "Production",
                     ["ModelHub__DataFolder"] = dataFolder,
                     ["ModelHub__Bootstrap__AdminEmail"] = AdminEmail,
                     ["ModelHub__Bootstrap__AdminPassword"] = Password,
                     ["ModelHub__Bootstrap__AdminToken"] = adminToken,
                     ["ModelHub__Audit__AnchorIntervalSeconds"] = "1",
                     ["Simulator__TimeScale"] = "120",
                     ["Simulator__Faults__RetryAfterSeconds"] = "0",
                     ["HolySheep__RetryBaseDelay"] = "00:00:00.010",
                     ["FineTuning__PollIntervalRunningMs"] = "100",
                     ["FineTuning__PollIntervalQueuedMs"] = "200",
                     ["FineTuning__MaxBackoffMs"] = "1000",
                     ["Logging__LogLevel__Default"] = "Warning",
                 })
        {
            start.Environment[key] = value;
        }

        appLog ??= new StreamWriter(dataFolder + ".log", append: true) { AutoFlush = true };
        await appLog.WriteLineAsync($"==== start {DateTime.UtcNow:O}");
        app = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        app.OutputDataReceived += (_, e) => WriteAppLog(e.Data);
        app.ErrorDataReceived += (_, e) => WriteAppLog(e.Data);
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {app.ExitCode} while starting; see {dataFolder}.log");
            }

            try
            {
                if ((await probe.GetAsync("/healthz", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException($"The app did not answer /healthz within 3 minutes; see {dataFolder}.log");
            }

            await Task.Delay(100, ct);
        }
    }

    private void WriteAppLog(string? line)
    {
        if (line is null || appLog is null)
        {
            return;
        }

        lock (appLog)
        {
            appLog.WriteLine(line);
        }
    }

    private void Kill()
    {
        if (app is { HasExited: false })
        {
            // SIGKILL on Unix: no shutdown hooks, no flushing, exactly a crash.
            app.Kill(entireProcessTree: false);
            app.WaitForExit();
        }
    }

    private void StopApp()
    {
        Kill();
        app?.Dispose();
        app = null;
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        StopApp();
        appLog?.Dispose();
        engineer?.Dispose();
        reviewer?.Dispose();
        onCall?.Dispose();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
            File.Delete(dataFolder + ".log");
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
