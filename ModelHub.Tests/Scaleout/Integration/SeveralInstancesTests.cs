using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.BenchSupport;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Web.Realtime;
using Xunit.Abstractions;

namespace ModelHub.Tests.Scaleout.Integration;

/// <summary>
/// Three app processes on one database, one Redis and one shared data folder (<see cref="InstanceCluster"/>): requests
/// spread over the instances see one consistent system, background work runs on one instance and moves when it dies.
/// </summary>
public sealed class SeveralInstancesTests(InstanceCluster cluster, ITestOutputHelper output) : IClassFixture<InstanceCluster>
{
    private IReadOnlyList<AppInstance> Instances => cluster.Instances;

    [Fact]
    public async Task A_session_signed_in_through_one_instance_works_on_the_others()
    {
        await cluster.UserTokenAsync(Instances[0], "reviewer@session.local", Roles.Reviewer);
        var token = await OwnTokenAcrossInstancesAsync("reviewer@session.local");

        using var api = InstanceCluster.Client(Instances[2], token);
        Assert.Equal("reviewer@session.local", (string?)(await InstanceCluster.JsonAsync(await api.GetAsync("/api/me")))["email"]);
    }

    [Fact]
    public async Task Workers_promoting_rolling_back_and_moving_aliases_through_three_instances_keep_one_production_and_agreeing_aliases()
    {
        const string Model = "scaleout-promotions";
        const int Workers = 50;
        var duration = TimeSpan.FromSeconds(20);
        var engineerToken = await cluster.UserTokenAsync(Instances[0], "engineer@promotions.local", Roles.Engineer);
        var onCallToken = await cluster.UserTokenAsync(Instances[1], "oncall@promotions.local", Roles.OnCall);
        await cluster.UserTokenAsync(Instances[2], "reviewer@promotions.local", Roles.Reviewer);
        // Four eyes: an Admin-issued token may not approve, so the reviewer signs in and issues their own.
        var reviewerToken = await OwnTokenAcrossInstancesAsync("reviewer@promotions.local");
        var engineers = Instances.Select(i => InstanceCluster.Client(i, engineerToken)).ToList();
        var onCalls = Instances.Select(i => InstanceCluster.Client(i, onCallToken)).ToList();
        var reviewers = Instances.Select(i => InstanceCluster.Client(i, reviewerToken)).ToList();

        await InstanceCluster.JsonAsync(await engineers[0].PostAsJsonAsync("/api/models", new { name = Model, description = "several instances" }));
        var engineerId = await UserIdAsync("engineer@promotions.local");
        var fresh = new ConcurrentQueue<int>(await Seed.VersionsAsync(cluster.Database, Model, engineerId, 1500));
        var statuses = new ConcurrentDictionary<int, int>();
        var serverErrors = new ConcurrentQueue<string>();

        async Task<HttpResponseMessage> SendAsync(string kind, Func<Task<HttpResponseMessage>> send)
        {
            var response = await send();
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            if ((int)response.StatusCode >= 500)
            {
                serverErrors.Enqueue($"{kind} on {response.RequestMessage?.RequestUri?.Authority}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            return response;
        }

        async Task PromoteAsync(Random random)
        {
            if (!fresh.TryDequeue(out var version))
            {
                version = (await Seed.VersionsAsync(cluster.Database, Model, engineerId, 1))[0];
            }

            // Each step of one promotion goes to a different instance than the one before, at random.
            using var staged = await SendAsync("stage", () => engineers[random.Next(3)].PostAsJsonAsync($"/api/models/{Model}/versions/{version}/stage", new { stage = "Staging", reason = "scale-out" }));
            if (!staged.IsSuccessStatusCode)
            {
                return;
            }

            using var requested = await SendAsync("request", () => engineers[random.Next(3)].PostAsJsonAsync("/api/promotions", new { model = Model, version }));
            if (requested.IsSuccessStatusCode)
            {
                var id = (int)JsonNode.Parse(await requested.Content.ReadAsStringAsync())!["id"]!;
                using var approved = await SendAsync("approve", () => reviewers[random.Next(3)].PostAsJsonAsync($"/api/promotions/{id}/approve", new { comment = "scale-out" }));
            }
        }

        // Two versions in production history so rollbacks have somewhere to go from the start.
        var setup = new Random(1);
        for (var i = 0; i < 2; i++)
        {
            await PromoteAsync(setup);
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (clock.Elapsed < duration)
            {
                switch (random.Next(4))
                {
                    case 0:
                        await PromoteAsync(random);
                        break;
                    case 1:
                        using (await SendAsync("rollback", () => onCalls[random.Next(3)].PostAsJsonAsync($"/api/models/{Model}/rollback", new { reason = "scale-out" })))
                        {
                        }

                        break;
                    case 2:
                        using (await SendAsync("alias", () => engineers[random.Next(3)].PutAsJsonAsync($"/api/models/{Model}/aliases/canary", new { version = random.Next(1, 3) })))
                        {
                        }

                        break;
                    default:
                        // Resolves keep every instance's cache warm, so a missed invalidation would show below.
                        using (await SendAsync("resolve", () => engineers[random.Next(3)].GetAsync($"/api/models/{Model}/aliases/production")))
                        {
                        }

                        break;
                }
            }
        })));
        output.WriteLine($"{Workers} workers, {clock.Elapsed.TotalSeconds:0.0} s: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}")));

        await using var db = await cluster.Database.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var production = await db.ModelVersions.Where(v => v.RegisteredModel!.Name == Model && v.Stage == ModelStage.Production).Select(v => v.Number).ToListAsync();
        var staging = await db.ModelVersions.CountAsync(v => v.RegisteredModel!.Name == Model && v.Stage == ModelStage.Staging);
        var open = await db.Deployments.Where(d => d.To == null && db.ModelVersions.Any(v => v.Id == d.ModelVersionId && v.RegisteredModel!.Name == Model))
            .Select(d => db.ModelVersions.Single(v => v.Id == d.ModelVersionId).Number).ToListAsync();
        var canary = await db.ModelAliases.Where(a => a.ModelVersion!.RegisteredModel!.Name == Model && a.Name == "canary")
            .Select(a => db.ModelVersions.Single(v => v.Id == a.ModelVersionId).Number).SingleAsync();

        Assert.Empty(serverErrors);
        Assert.Single(production);
        Assert.True(staging <= 1, $"{staging} versions in Staging");
        Assert.Equal(production, open);
        foreach (var (engineer, instance) in engineers.Zip(Instances))
        {
            Assert.Equal(production[0], await ResolvedAsync(engineer, Model, "production"));
            Assert.Equal(canary, await ResolvedAsync(engineer, Model, "canary"));
        }

        using var admin = cluster.AdminClient(Instances[1]);
        var audit = await InstanceCluster.JsonAsync(await admin.PostAsync("/api/audit/verify", null));
        Assert.True((bool)audit["ok"]!, audit.ToJsonString());
    }

    [Fact]
    public async Task A_resolve_on_another_instance_sees_an_alias_moved_on_one_once_the_invalidation_arrived()
    {
        const string Model = "scaleout-aliases";
        const int Moves = 10;
        var token = await cluster.UserTokenAsync(Instances[0], "engineer@aliases.local", Roles.Engineer);
        var clients = Instances.Select(i => InstanceCluster.Client(i, token)).ToList();
        await InstanceCluster.JsonAsync(await clients[0].PostAsJsonAsync("/api/models", new { name = Model, description = "aliases" }));
        await Seed.VersionsAsync(cluster.Database, Model, await UserIdAsync("engineer@aliases.local"), 2);
        await InstanceCluster.JsonAsync(await clients[0].PutAsJsonAsync($"/api/models/{Model}/aliases/blue", new { version = 1 }));

        var seen = new List<double>();
        for (var move = 0; move < Moves; move++)
        {
            var from = move % 2 + 1;
            var to = 3 - from;
            // Every instance has the current answer cached before the move.
            foreach (var client in clients)
            {
                Assert.Equal(from, await ResolvedAsync(client, Model, "blue"));
            }

            var mover = clients[move % 3];
            await InstanceCluster.JsonAsync(await mover.PutAsJsonAsync($"/api/models/{Model}/aliases/blue", new { version = to }));
            var moved = Stopwatch.StartNew();
            foreach (var other in clients.Where(c => c != mover))
            {
                // Without the invalidation from the mover's instance this instance would answer from its cache forever.
                while (await ResolvedAsync(other, Model, "blue") != to)
                {
                    Assert.True(moved.Elapsed < TimeSpan.FromSeconds(10), $"Move {move + 1}: {other.BaseAddress} still resolves blue to v{from}.");
                }

                seen.Add(moved.Elapsed.TotalMilliseconds);
            }
        }

        seen.Sort();
        output.WriteLine($"alias move on one instance seen by a resolve on another: {seen.Count} samples, median {seen[seen.Count / 2]:0.0} ms, worst {seen[^1]:0.0} ms");
    }

    [Fact]
    public async Task Killing_the_lease_holder_during_a_job_moves_tracking_to_another_instance_and_the_job_finishes_once_streaming_to_a_hub_client_elsewhere()
    {
        var holders = await WaitForHoldersAsync(TimeSpan.FromSeconds(15));
        var holder = Assert.Single(holders);
        var others = Instances.Where(i => i != holder && i.IsRunning).ToList();
        var (watcher, launcher) = (others[0], others[^1]);
        var token = await cluster.UserTokenAsync(launcher, "engineer@jobs.local", Roles.Engineer);
        using var api = InstanceCluster.Client(launcher, token);
        var training = await UploadAsync(api, SampleDatasets.CleanTrain(), "Scale-out train", "training");
        var validation = await UploadAsync(api, SampleDatasets.CleanValidation(), "Scale-out validation", "validation");

        var received = new ConcurrentQueue<(string Kind, JsonNode Update)>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(watcher.Address, JobsHub.Path), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        foreach (var kind in new[] { "JobChanged", "JobEventsAdded" })
        {
            hub.On<JsonNode>(kind, update => received.Enqueue((kind, update)));
        }

        await hub.StartAsync();
        var launched = await InstanceCluster.JsonAsync(await api.PostAsJsonAsync("/api/jobs", new
        {
            model = "scaleout-jobs",
            baseModel = "gpt-4o-mini-2024-07-18",
            trainingDatasetId = training,
            validationDatasetId = validation,
            hyperparameters = new { nEpochs = 1, batchSize = 10, learningRateMultiplier = "auto" },
            suffix = "scaleout",
        }));
        var jobId = (int)launched["id"]!;
        await hub.InvokeAsync(nameof(JobsHub.FollowJob), jobId.ToString(CultureInfo.InvariantCulture));

        // The holder tracks the job; its updates reach the hub client on the watcher through the backplane.
        await Until(() => received.Any(r => r.Kind == "JobChanged" && (string?)r.Update["status"] == "running"), TimeSpan.FromSeconds(60), "the watcher's hub client never saw the job running");
        var beforeKill = received.Count;

        holder.Kill();
        var killed = Stopwatch.StartNew();
        var successor = Assert.Single(await WaitForHoldersAsync(TimeSpan.FromSeconds(30)));
        var takeover = killed.Elapsed;
        output.WriteLine($"lease taken over by {successor.Name} {takeover.TotalSeconds:0.0} s after {holder.Name} was killed");
        Assert.True(takeover < TimeSpan.FromSeconds(15), $"Take-over took {takeover.TotalSeconds:0.0} s.");

        using var watcherApi = InstanceCluster.Client(watcher, token);
        await Until(async () => (string?)(await InstanceCluster.JsonAsync(await watcherApi.GetAsync($"/api/jobs/{jobId}")))["status"] == "succeeded",
            TimeSpan.FromSeconds(120), "the job did not succeed after the take-over");
        await Until(() => received.Any(r => r.Kind == "JobChanged" && (string?)r.Update["status"] == "succeeded"), TimeSpan.FromSeconds(30), "the hub client never saw the job succeed");
        Assert.True(received.Count > beforeKill, "No update reached the hub client after the take-over.");

        await using var db = await cluster.Database.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.ModelVersions.CountAsync(v => v.JobId == jobId));
        var events = await db.JobEvents.Where(e => e.JobId == jobId).Select(e => e.ProviderEventId).ToListAsync();
        Assert.Equal(events.Count, events.Distinct().Count());
        var statuses = await db.JobStatusChanges.Where(c => c.JobId == jobId).Select(c => c.To).ToListAsync();
        Assert.Equal(statuses.Count, statuses.Distinct().Count());
        // Each event reached the hub client once: the bridge forwards only its own instance's updates, the backplane fans out.
        var streamed = received.Where(r => r.Kind == "JobEventsAdded").SelectMany(r => r.Update["events"]!.AsArray()).Select(e => (string)e!["id"]!).ToList();
        Assert.NotEmpty(streamed);
        Assert.Equal(streamed.Count, streamed.Distinct().Count());

        await cluster.RestartAsync(holder);
    }

    private async Task<IReadOnlyList<AppInstance>> WaitForHoldersAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var holders = await cluster.LeaseHoldersAsync();
            if (holders.Count > 0 || waited.Elapsed > timeout)
            {
                return holders;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Signs in the way a browser behind a round-robin balancer would: each request to the next instance.</summary>
    private async Task<string> OwnTokenAsync(string email)
    {
        using var browser = new CookieClient();
        var form = await browser.FormAsync(Instances[0], "/account/login");
        form["Input.Email"] = email;
        form["Input.Password"] = InstanceCluster.Password;
        // The antiforgery token and cookie from the first instance are checked by the second.
        using var signedIn = await browser.SendAsync(Instances[1], new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(form) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("/account/login", signedIn.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);

        // The sign-in cookie from the second instance opens a signed-in page on the third, whose antiforgery token the first accepts.
        var antiforgery = (await browser.FormAsync(Instances[2], "/account/logout"))["__RequestVerificationToken"];
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/tokens") { Content = JsonContent.Create(new { name = "scaleout", expiresInDays = 1 }) };
        request.Headers.Add("RequestVerificationToken", antiforgery);
        using var issued = await browser.SendAsync(Instances[0], request);
        return (string)(await InstanceCluster.JsonAsync(issued))["token"]!;
    }

    private Task<string> OwnTokenAcrossInstancesAsync(string email) => OwnTokenAsync(email);

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = await cluster.Database.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private static async Task<int> ResolvedAsync(HttpClient client, string model, string alias) =>
        (int)(await InstanceCluster.JsonAsync(await client.GetAsync($"/api/models/{model}/aliases/{alias}")))["version"]!;

    private static async Task<int> UploadAsync(HttpClient api, string content, string name, string purpose)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new StringContent(purpose), "purpose" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new("application/jsonl");
        form.Add(file, "file", "data.jsonl");
        return (int)(await InstanceCluster.JsonAsync(await api.PostAsync("/api/datasets", form)))["id"]!;
    }

    private static Task Until(Func<bool> condition, TimeSpan timeout, string failure) => Until(() => Task.FromResult(condition()), timeout, failure);

    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < timeout, failure);
            await Task.Delay(100);
        }
    }
}
