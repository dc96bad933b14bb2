using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Core.Promotions;

namespace ModelHub.Tests.Support;

/// <summary>Finished gate runs inserted directly, and API clients for the promotion roles.</summary>
public static class PromotionSeeder
{
    /// <summary>Adds a finished gate run of a version (on its training dataset) and returns its id.</summary>
    public static async Task<int> AddGateRunAsync(IServiceProvider services, string model, int number, string status, string userId, int? datasetId = null)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var version = await db.ModelVersions.SingleAsync(v => v.RegisteredModel!.Name == model && v.Number == number);
        var now = DateTimeOffset.UtcNow;
        var run = new GateRun
        {
            ModelVersionId = version.Id,
            DatasetId = datasetId ?? version.TrainingDatasetId ?? throw new InvalidOperationException("The version has no training dataset; pass one."),
            Status = status,
            StartedAt = now,
            FinishedAt = now,
            ExampleCount = 10,
            Completed = 10,
            ScoresJson = """{"count":10,"exactMatch":0.9,"accuracy":0.9,"macroF1":0.88,"perLabel":[]}""",
            RuleResultsJson = $$"""[{"metric":"accuracy","operator":">=","threshold":0.8,"actual":0.9,"passed":{{(status == GateRunStatus.Passed ? "true" : "false")}},"message":"accuracy 0.90 ≥ 0.80"}]""",
            ProductionComparisonsJson = "[]",
            RequestedById = userId,
        };
        db.GateRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    /// <summary>A user with <paramref name="roles"/> and an API client carrying their token.</summary>
    public static async Task<JobsApi> ClientAsync(ModelHubFactory app, string email, params string[] roles)
    {
        var user = await app.CreateUserAsync(email, "promotion-password-2026", roles.Length == 0 ? [Roles.Engineer] : roles);
        var token = await app.IssueTokenAsync(user.Id);
        var http = new HttpClient { BaseAddress = app.ServerAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new JobsApi(http, user.Id);
    }
}
