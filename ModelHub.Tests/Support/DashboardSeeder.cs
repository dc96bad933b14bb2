using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

namespace ModelHub.Tests.Support;

/// <summary>One item of every kind the dashboard lists as needing action, with a real promotion request among them.</summary>
public static class DashboardSeeder
{
    public const string FailedJobError = "The training file has too few examples.";

    /// <summary>
    /// sentiment v2 waits for approval (v1 was rolled back to), summarizer's job failed and its v1 failed its gate,
    /// classifier v1 sits in Staging without a gate run.
    /// </summary>
    public static async Task AddItemsNeedingActionAsync(IServiceProvider services, string userId, string userEmail, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        await RegistrySeeder.AddVersionAsync(services, "sentiment", userId);
        await RegistrySeeder.AddVersionAsync(services, "sentiment", userId);
        await RegistrySeeder.SetStageAsync(services, "sentiment", 1, ModelStage.Production, userId);
        await RegistrySeeder.SetStageAsync(services, "sentiment", 2, ModelStage.Staging, userId);
        await PromotionSeeder.AddGateRunAsync(services, "sentiment", 2, GateRunStatus.Passed, userId);
        var requested = await services.GetRequiredService<RequestPromotion>().RequestAsync("sentiment", 2, "Better on the new labels.", Actor.User(userId, userEmail));
        Assert.True(requested.Succeeded, requested.Error?.Message);

        var failedJob = await RegistrySeeder.AddSucceededJobAsync(services, "summarizer", userId);
        await RegistrySeeder.AddVersionAsync(services, "summarizer", userId);
        await PromotionSeeder.AddGateRunAsync(services, "summarizer", 1, GateRunStatus.Failed, userId);
        await RegistrySeeder.AddVersionAsync(services, "classifier", userId);
        await RegistrySeeder.SetStageAsync(services, "classifier", 1, ModelStage.Staging, userId);

        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var job = await db.FineTuneJobs.SingleAsync(j => j.Id == failedJob);
        job.Status = JobStatus.Failed;
        job.ErrorMessage = FailedJobError;
        job.FinishedAt = at;
        var v1 = await db.ModelVersions.SingleAsync(v => v.RegisteredModel!.Name == "sentiment" && v.Number == 1);
        db.Deployments.Add(new Deployment
        {
            RegisteredModelId = v1.RegisteredModelId,
            ModelVersionId = v1.Id,
            ProviderModelId = v1.ProviderModelId,
            From = at,
            ById = userId,
            Reason = "v3 answered in the wrong language",
            Kind = DeploymentKind.Rollback,
        });
        await db.SaveChangesAsync();
    }
}
