using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Data;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Promotions;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;
using ModelHub.Web.Components.Pages.Promotions;

namespace ModelHub.Tests.Promotions.Components;

// A viewer: the panel shows runs without the Engineer's "Run gate".
public sealed class GatePanelTests() : SignedInComponentTest(roles: [])
{
    private int runId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(Services, UserId);

        await using var db = await Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var model = new RegisteredModel { Name = "sentiment", OwnerId = UserId, CreatedAt = now, UpdatedAt = now };
        var job = new FineTuneJob
        {
            RegisteredModel = model,
            BaseModel = "gpt-4o-mini-2024-07-18",
            TrainingDatasetId = training,
            ValidationDatasetId = validation,
            ProviderJobId = "ftjob-test",
            Status = JobStatus.Succeeded,
            LaunchedById = UserId,
            CreatedAt = now,
        };
        db.FineTuneJobs.Add(job);
        await db.SaveChangesAsync();
        var version = new ModelVersion
        {
            RegisteredModelId = model.Id,
            Number = 1,
            ProviderModelId = "ft:gpt-4o-mini-2024-07-18:modelhub-sim:ci:abc",
            BaseModel = "gpt-4o-mini-2024-07-18",
            JobId = job.Id,
            TrainingDatasetId = training,
            TrainingDatasetSha256 = new string('a', 64),
            FinalMetricsJson = "{\"valid_loss\":0.3}",
            CreatedById = UserId,
            CreatedAt = now,
        };
        db.ModelVersions.Add(version);
        await db.SaveChangesAsync();
        var run = new GateRun
        {
            ModelVersionId = version.Id,
            DatasetId = validation,
            Status = GateRunStatus.Running,
            StartedAt = now,
            ExampleCount = 100,
            RequestedById = UserId,
        };
        db.GateRuns.Add(run);
        await db.SaveChangesAsync();
        runId = run.Id;
    }


    [Fact]
    public void Progress_published_on_the_bus_moves_the_bar_and_a_finished_run_shows_its_rules_and_failures()
    {
        var bus = Services.GetRequiredService<IUpdateBus>();
        var cut = Render<GatePanel>(parameters => parameters.Add(p => p.ModelName, "sentiment").Add(p => p.VersionNumber, 1));
        cut.WaitForAssertion(() => Assert.Contains("0 of 100 examples answered", cut.Find("[data-testid=gate-run]").TextContent));
        Assert.Contains("No rules yet", cut.Find("[data-testid=gate-rules]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=gate-run-start]"));

        bus.Publish(new GateRunChanged(Topics.Model("sentiment"), runId, "sentiment", 1, GateRunStatus.Running, 40, 100));
        cut.WaitForAssertion(() => Assert.Contains("40 of 100 examples answered", cut.Find("[data-testid=gate-run]").TextContent));

        using (var db = Services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContext())
        {
            var run = db.GateRuns.Single(r => r.Id == runId);
            run.Status = GateRunStatus.Failed;
            run.Completed = 100;
            run.FailedCount = 1;
            run.ScoresJson = GateMetrics.Serialize(Scoring.Score([("positive", "negative"), ("negative", "negative")]));
            run.RuleResultsJson = GateMetrics.Serialize(new[] { new GateRule("eval_accuracy", ">=", 0.8).Evaluate(new Dictionary<string, double> { ["eval_accuracy"] = 0.5 }) });
            run.Failures.Add(new GateRunFailure { Line = 1, PromptExcerpt = "<b>great</b>", Expected = "positive", Actual = "<script>x</script>" });
            db.SaveChanges();
        }

        bus.Publish(new GateRunChanged(Topics.Model("sentiment"), runId, "sentiment", 1, GateRunStatus.Failed, 100, 100));
        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("[data-testid=gate-run-status]").TextContent.Trim()));
        Assert.Contains("eval_accuracy 0.5 >= 0.8 ✗", cut.Find("[data-testid=gate-run-rules]").TextContent);
        Assert.Contains("eval_accuracy 0.5", cut.Find("[data-testid=gate-run-scores]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=gate-run-progress]"));
        Assert.Contains("Failed examples (1)", cut.Find("[data-testid=gate-run-failures]").TextContent);
    }
}
