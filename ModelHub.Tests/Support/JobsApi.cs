using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;

namespace ModelHub.Tests.Support;

/// <summary>A signed-in engineer calling <c>/api/jobs</c> over real HTTP, the way a CI pipeline does.</summary>
public sealed class JobsApi(HttpClient http, string userId) : IDisposable
{
    public HttpClient Http { get; } = http;

    public string UserId { get; } = userId;

    public static async Task<JobsApi> SignInAsync(ModelHubFactory app, string email = "engineer@example.com")
    {
        var user = await app.CreateUserAsync(email, "engineer-password-2026", Roles.Engineer);
        var token = await app.IssueTokenAsync(user.Id);
        var http = new HttpClient { BaseAddress = app.ServerAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new JobsApi(http, user.Id);
    }

    public static object Launch(string model, int trainingId, int? validationId, int? epochs = 3, string? suffix = "ci", int seed = 42) => new
    {
        model,
        baseModel = "gpt-4o-mini-2024-07-18",
        trainingDatasetId = trainingId,
        validationDatasetId = validationId,
        hyperparameters = new { nEpochs = (object?)epochs ?? "auto", batchSize = "auto", learningRateMultiplier = "auto" },
        suffix,
        seed,
    };

    public async Task<JsonNode> LaunchAsync(object body)
    {
        using var response = await Http.PostAsJsonAsync("/api/jobs", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonNode> GetAsync(int id) => JsonNode.Parse(await Http.GetStringAsync($"/api/jobs/{id}"))!;

    /// <summary>Polls the job (as a pipeline would) until its status is terminal and, when succeeded, its version is set.</summary>
    public async Task<JsonNode> WaitForEndAsync(int id, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(45));
        while (true)
        {
            var job = await GetAsync(id);
            var status = (string)job["status"]!;
            if (status is "failed" or "cancelled" || (status == "succeeded" && job["version"] is not null))
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {id} is still {status}: {job.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the condition holds on the job's JSON.</summary>
    public async Task<JsonNode> WaitForAsync(int id, Func<JsonNode, bool> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = await GetAsync(id);
            if (condition(job))
            {
                return job;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {id} never reached the expected state: {job.ToJsonString()}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<T> WithDbAsync<T>(IServiceProvider services, Func<ModelHubDbContext, Task<T>> read)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    public void Dispose() => Http.Dispose();

    internal static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
