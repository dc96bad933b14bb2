using ModelHub.Core.Audit;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Providers;

namespace ModelHub.Core.FineTuning;

/// <summary>Asks the provider to cancel a job; the tracker records the cancellation (and its events) as for any change.</summary>
public sealed class CancelFineTuneJob(IDbContextFactory<ModelHubDbContext> dbFactory, IFineTuningProvider provider, JobTracker tracker, AuditLog audit, TimeProvider time)
{
    public async Task<Result<string>> CancelAsync(int jobId, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.FineTuneJobs.SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null)
        {
            return Error.NotFound($"Job {jobId}");
        }

        if (job.IsTerminal)
        {
            return Error.Conflict("job-finished", $"Job {jobId} is already {job.Status}.");
        }

        if (job.ProviderJobId is null)
        {
            return Error.Conflict("job-not-accepted", $"Job {jobId} has not reached the provider yet; try again in a moment.");
        }

        // Marked before the provider is asked, so a poll that sees "cancelled" first does not blame the provider.
        var askedBefore = job.CancelRequestedAt;
        job.CancelRequestedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        try
        {
            var cancelled = await provider.CancelJobAsync(job.ProviderJobId, ct);
            // The request is what a person decided; the job's final "cancelled" state follows from the provider.
            await audit.WriteAsync((_, trail) =>
            {
                trail.Add(new AuditRecord(actor, AuditActions.JobCancelRequested, AuditObjects.Job, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    Before = AuditRecord.ToJson(new { status = job.Status }),
                    After = AuditRecord.ToJson(new { status = cancelled.Status }),
                });
                return Task.FromResult(true);
            }, ct);
            await tracker.PollNowAsync(jobId, ct);
            return cancelled.Status;
        }
        catch (ProviderException ex)
        {
            if (!ex.IsAmbiguous)
            {
                // The provider refused, so the cancel did not happen: a later cancellation is not ModelHub's.
                job.CancelRequestedAt = askedBefore;
                await db.SaveChangesAsync(CancellationToken.None);
            }

            return Error.Conflict("provider-error", ex.Message);
        }
    }
}
