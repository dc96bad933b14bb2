using ModelHub.BenchSupport;
using ModelHub.Core.Audit;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Datasets.Validation;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Core.Realtime;
using ModelHub.Core.Simulator;

namespace ModelHub.LiveBench;

/// <summary>End-to-end freshness (simulator event to browser DOM) and hub fan-out figures.</summary>
internal static class LiveBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        // Usage: ModelHub.LiveBench [freshness|fanout|all] [--clients 500] [--events 200] [--time-scale 4]
        var culture = CultureInfo.InvariantCulture;
        // The mode comes first when given: an option's value ("--clients 20") is not a mode.
        var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], culture) : fallback;
        var clients = Option("--clients", 500);
        var wantedEvents = Option("--events", 200);
        var timeScale = Option("--time-scale", 4);

        await using var host = new LoopbackApp("livebench", environment: "Development", settings: new Dictionary<string, string?>
        {
            ["Simulator:TimeScale"] = timeScale.ToString(culture),
        });
        var address = host.Address;
        var options = host.Services.GetRequiredService<IOptions<FineTuningOptions>>().Value;
        Console.WriteLine(string.Create(culture,
            $"ModelHub live benchmark on {address} ({Environment.ProcessorCount} cores); tracker polls every {options.PollIntervalRunningMs} ms while running, {options.PollIntervalQueuedMs} ms while queued; simulator time scale {timeScale}"));

        var users = host.Services.GetRequiredService<UserAdministration>();
        var user = (await users.CreateAsync("bench@example.com", "bench-password-2026", [Roles.Engineer], Actor.System)).Value;
        var token = (await host.Services.GetRequiredService<AccessTokens>().IssueAsync(user.Id, "bench", 1, Actor.System)).Value.Token;

        if (mode is "fanout" or "all")
        {
            await FanOutAsync();
        }

        if (mode is "freshness" or "all")
        {
            await FreshnessAsync();
        }

        return 0;

        async Task FanOutAsync()
        {
            const int messages = 50;
            const string jobId = "424242";
            var publishedAt = new long[messages];
            var latencies = new List<double>(clients * messages);
            var received = 0;
            var connections = new List<HubConnection>();
            try
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < clients; i += 50)
                {
                    var batch = Enumerable.Range(i, Math.Min(50, clients - i)).Select(async _ =>
                    {
                        var connection = new HubConnectionBuilder()
                            .WithUrl(new Uri(address, "/hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
                            .Build();
                        connection.On<JsonElement>("JobChanged", change =>
                        {
                            var now = Stopwatch.GetTimestamp();
                            var index = change.GetProperty("step").GetInt32();
                            lock (latencies)
                            {
                                latencies.Add(Stopwatch.GetElapsedTime(publishedAt[index], now).TotalMilliseconds);
                            }

                            Interlocked.Increment(ref received);
                        });
                        await connection.StartAsync();
                        await connection.InvokeAsync("FollowJob", jobId);
                        return connection;
                    });
                    connections.AddRange(await Task.WhenAll(batch));
                }

                Console.WriteLine(string.Create(culture, $"fan-out: {clients} SignalR clients connected and following job:{jobId} in {watch.Elapsed.TotalSeconds:F1} s"));
                var bus = host.Services.GetRequiredService<IUpdateBus>();
                for (var i = 0; i < messages; i++)
                {
                    publishedAt[i] = Stopwatch.GetTimestamp();
                    bus.Publish(new JobChanged($"job:{jobId}", int.Parse(jobId, culture), JobStatus.Running, i, messages));
                    await Task.Delay(100);
                }

                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (Volatile.Read(ref received) < clients * messages && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }

                Console.WriteLine(string.Create(culture,
                    $"fan-out: {messages} updates x {clients} clients, {received} deliveries; latency bus publish -> client handler p50 {Percentile(latencies, 50):F1} ms, p95 {Percentile(latencies, 95):F1} ms, max {latencies.DefaultIfEmpty().Max():F1} ms (target p95 < 200 ms)"));
            }
            finally
            {
                await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
            }
        }

        async Task FreshnessAsync()
        {
            var (training, validation) = await SeedCleanSampleAsync(host.Services, user.Id);
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            });
            var context = await browser.NewContextAsync(new() { BaseURL = address.ToString() });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.FillAsync("#email", "bench@example.com");
            await page.FillAsync("#password", "bench-password-2026");
            await page.ClickAsync("[data-testid=sign-in]");
            await page.Locator("#mh-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });

            // Enough epochs for more than the wanted number of step events (one metrics event per step).
            var epochs = Math.Clamp((int)Math.Ceiling(wantedEvents / 30.0) + 1, 1, 50);
            using var launch = await http.PostAsJsonAsync("/api/jobs", new
            {
                model = "bench",
                baseModel = "gpt-4o-mini-2024-07-18",
                trainingDatasetId = training,
                validationDatasetId = validation,
                hyperparameters = new { nEpochs = epochs, batchSize = "auto", learningRateMultiplier = "auto" },
            });
            var job = JsonNode.Parse(await launch.Content.ReadAsStringAsync())!;
            var id = (int)job["id"]!;
            var providerJobId = (string)job["providerJobId"]!;

            await page.GotoAsync($"/jobs/{id}");
            await page.Locator("#mh-interactive").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            await page.Locator("[data-testid=job-charts]").WaitForAsync();
            // Records when each event row first appears in the DOM (browser clock = this machine's clock).
            await page.EvaluateAsync("""
                () => {
                    window.mhSeen = [];
                    const seen = new Set();
                    new MutationObserver(() => {
                        const now = Date.now();
                        for (const row of document.querySelectorAll('[data-testid=event-log] tr')) {
                            const text = row.textContent;
                            if (!seen.has(text)) { seen.add(text); window.mhSeen.push({ text, t: now }); }
                        }
                    }).observe(document.body, { childList: true, subtree: true });
                }
                """);

            while (true)
            {
                var status = (string)JsonNode.Parse(await http.GetStringAsync($"/api/jobs/{id}"))!["status"]!;
                if (JobStatus.IsTerminal(status))
                {
                    break;
                }

                await Task.Delay(250);
            }

            await Task.Delay(1000);
            var seenRows = await page.EvaluateAsync<JsonElement>("() => window.mhSeen");
            var simJob = host.Services.GetRequiredService<SimulatorEngine>().GetJob(providerJobId).Value.Job;
            var stepPattern = new Regex(@"Step (\d+)/(\d+):");
            var freshness = new List<double>();
            foreach (var row in seenRows.EnumerateArray())
            {
                if (stepPattern.Match(row.GetProperty("text").GetString()!) is { Success: true } match)
                {
                    var happened = SimJobTimeline.StepAt(simJob, int.Parse(match.Groups[1].Value, culture));
                    var shown = DateTimeOffset.FromUnixTimeMilliseconds((long)row.GetProperty("t").GetDouble());
                    freshness.Add((shown - happened).TotalMilliseconds);
                }
            }

            var measured = freshness.Take(wantedEvents).ToList();
            Console.WriteLine(string.Create(culture,
                $"freshness: {measured.Count} step events of job {id} ({simJob.TotalSteps} steps), simulator event -> browser DOM p50 {Percentile(measured, 50):F0} ms, p95 {Percentile(measured, 95):F0} ms, max {measured.DefaultIfEmpty().Max():F0} ms (target p95 < 1500 ms)"));
        }

        static double Percentile(List<double> values, double p)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = values.Order().ToList();
            return sorted[(int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }

        static async Task<(int Training, int Validation)> SeedCleanSampleAsync(IServiceProvider services, string userId) => (
            await SeedAsync(services, "bench-train", SampleDatasets.CleanTrain(), DatasetPurpose.Training, userId),
            await SeedAsync(services, "bench-validation", SampleDatasets.CleanValidation(), DatasetPurpose.Validation, userId));

        // As the upload does: validate, store by hash, insert the row.
        static async Task<int> SeedAsync(IServiceProvider services, string name, string content, DatasetPurpose purpose, string userId)
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            var report = await DatasetValidator.ValidateAsync(new MemoryStream(bytes), new DatasetValidationOptions());
            var store = services.GetRequiredService<DatasetFileStore>();
            var temp = store.NewTempPath();
            await File.WriteAllBytesAsync(temp, bytes);
            store.Commit(temp, report.Sha256);
            await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
            var dataset = new Dataset
            {
                Name = name, Purpose = purpose, Sha256 = report.Sha256, SizeBytes = bytes.Length, OriginalFileName = name + ".jsonl",
                ExampleCount = report.Statistics.ExampleCount, TotalTokens = report.Statistics.BillableTokensPerEpoch,
                Encoding = report.Statistics.Encoding ?? "o200k_base", ReportJson = "{}", StatisticsJson = JsonSerializer.Serialize(report.Statistics),
                CreatedById = userId, CreatedAt = DateTimeOffset.UtcNow,
            };
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync();
            return dataset.Id;
        }
    }
}
