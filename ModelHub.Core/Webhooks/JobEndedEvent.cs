using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;

namespace ModelHub.Core.Webhooks;

/// <summary>The webhook event of a job that reached a terminal status; the tracker records it with the status change.</summary>
public static class JobEndedEvent
{
    /// <summary>Adds <c>job.succeeded</c>, <c>job.failed</c> or <c>job.cancelled</c> to <paramref name="db"/>; nothing for other statuses.</summary>
    public static bool Add(ModelHubDbContext db, FineTuneJob job, DateTimeOffset at)
    {
        var type = job.Status switch
        {
            JobStatus.Succeeded => WebhookEventTypes.JobSucceeded,
            JobStatus.Failed => WebhookEventTypes.JobFailed,
            JobStatus.Cancelled => WebhookEventTypes.JobCancelled,
            _ => null,
        };
        if (type is null)
        {
            return false;
        }

        WebhookOutbox.Add(db, type, at, new
        {
            jobId = job.Id,
            providerJobId = job.ProviderJobId,
            model = job.RegisteredModel?.Name,
            baseModel = job.BaseModel,
            status = job.Status,
            fineTunedModel = job.FineTunedModel,
            trainedTokens = job.TrainedTokens,
            error = job.ErrorMessage is null ? null : new { code = job.ErrorCode, message = job.ErrorMessage },
        });
        return true;
    }
}
