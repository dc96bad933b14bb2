using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Jobs;

namespace ModelHub.Tests.FineTuning.Components;

public sealed class JobPageTests : SignedInComponentTest
{
    private int jobId;

    public override async Task InitializeAsync()
    {
        JSInterop.SetupModule("./Components/Shared/Charts/ApexChart.razor.js");
        await base.InitializeAsync();
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(Services, UserId);

        await using var db = await Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var job = new FineTuneJob
        {
            RegisteredModel = new RegisteredModel { Name = "sentiment", OwnerId = UserId, CreatedAt = now, UpdatedAt = now },
            BaseModel = "gpt-4o-mini-2024-07-18",
            TrainingDatasetId = training,
            ValidationDatasetId = validation,
            ProviderJobId = "ftjob-test",
            Status = JobStatus.Running,
            LaunchedById = UserId,
            CreatedAt = now,
            StartedAt = now,
            TotalSteps = 10,
        };
        db.FineTuneJobs.Add(job);
        await db.SaveChangesAsync();
        jobId = job.Id;
    }


    [Fact]
    public async Task The_job_page_shows_events_metrics_and_progress_published_on_the_bus_without_reloading()
    {
        var bus = Services.GetRequiredService<IUpdateBus>();
        var cut = Render<JobPage>(parameters => parameters.Add(p => p.Id, jobId));
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=job-current-status] [data-testid=job-status]").GetAttribute("data-status")));
        Assert.Contains("No events yet.", cut.Markup);
        Assert.Equal("0", cut.Find("[data-testid=job-charts]").GetAttribute("data-points"));

        var topic = Topics.Job(jobId);
        bus.Publish(new JobEventsAdded(topic, jobId, [new JobEventItem("ftevent-1", DateTimeOffset.UtcNow, "info", "Step 5/10: training loss=0.41", "metrics")]));
        bus.Publish(new JobMetricsAdded(topic, jobId, [new MetricItem(MetricPoint.TrainLoss, 5, 0.41), new MetricItem(MetricPoint.ValidLoss, 5, 0.52)]));
        cut.WaitForAssertion(() => Assert.Contains("Step 5/10: training loss=0.41", cut.Find("[data-testid=event-log]").TextContent));
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=job-charts]").GetAttribute("data-points")));

        // A status change is read back from the database, as the tracker stored it.
        await using (var db = await Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync())
        {
            var job = await db.FineTuneJobs.SingleAsync(j => j.Id == jobId);
            job.Status = JobStatus.Failed;
            job.CurrentStep = 5;
            job.ErrorMessage = "The training file has too few examples.";
            job.FinishedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
        }

        bus.Publish(new JobChanged(topic, jobId, JobStatus.Failed, 5, 10));
        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("[data-testid=job-current-status] [data-testid=job-status]").GetAttribute("data-status")));
        Assert.Contains("Step 5 / 10", cut.Find("[data-testid=job-steps]").TextContent);
        Assert.Contains("The training file has too few examples.", cut.Find("[data-testid=job-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=cancel-job]"));
        // The event published before stays: the log was not reloaded away.
        Assert.Contains("Step 5/10: training loss=0.41", cut.Find("[data-testid=event-log]").TextContent);
    }
}
