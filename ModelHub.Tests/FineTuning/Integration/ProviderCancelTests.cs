using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Simulator;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.FineTuning.Integration;

/// <summary>Who cancelled a job is on record: a person through ModelHub, or the provider on its own.</summary>
public sealed class ProviderCancelTests
{
    [Fact]
    public async Task A_job_cancelled_at_the_provider_shows_as_cancelled_by_the_provider_in_its_timeline_and_the_audit_log()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings(timeScale: 2));
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);
        var id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;
        var providerJobId = await JobsApi.WithDbAsync(app.Services, db => db.FineTuneJobs.Where(j => j.Id == id).Select(j => j.ProviderJobId!).SingleAsync());

        // Someone with access to the provider cancels the job there; nobody asked ModelHub.
        Assert.True(app.Services.GetRequiredService<SimulatorEngine>().CancelJob(providerJobId).Succeeded);
        var done = await api.WaitForEndAsync(id);

        Assert.Equal("cancelled", (string?)done["status"]);
        var details = (await app.Services.GetRequiredService<JobQueries>().GetDetailsAsync(id))!;
        Assert.Equal(JobStatusChange.CancelledByProvider, details.Timeline[^1].Note);
        var entries = JsonNode.Parse(await api.Http.GetStringAsync("/api/audit?pageSize=200"))!["items"]!.AsArray();
        var cancelled = Assert.Single(entries, e => (string?)e!["action"] == AuditActions.JobCancelledByProvider);
        Assert.Equal("system", (string?)cancelled!["actorName"]);
        Assert.DoesNotContain(entries, e => (string?)e!["action"] == AuditActions.JobCancelRequested);
    }

    [Fact]
    public async Task A_job_cancelled_through_ModelHub_names_the_person_and_is_not_blamed_on_the_provider()
    {
        await using var app = new ModelHubFactory(realHttp: true, settings: JobLifecycleTests.FastSettings(timeScale: 2));
        using var api = await JobsApi.SignInAsync(app);
        var (training, validation) = await DatasetSeeder.AddCleanSampleAsync(app.Services, api.UserId);
        var id = (int)(await api.LaunchAsync(JobsApi.Launch("sentiment", training, validation)))["id"]!;

        using var cancel = await api.Http.PostAsync($"/api/jobs/{id}/cancel", null);
        cancel.EnsureSuccessStatusCode();
        await api.WaitForEndAsync(id);

        var details = (await app.Services.GetRequiredService<JobQueries>().GetDetailsAsync(id))!;
        Assert.Equal(JobStatus.Cancelled, details.Job.Status);
        Assert.All(details.Timeline, step => Assert.Null(step.Note));
        var entries = JsonNode.Parse(await api.Http.GetStringAsync("/api/audit?pageSize=200"))!["items"]!.AsArray();
        Assert.Equal("engineer@example.com", (string?)Assert.Single(entries, e => (string?)e!["action"] == AuditActions.JobCancelRequested)!["actorName"]);
        Assert.DoesNotContain(entries, e => (string?)e!["action"] == AuditActions.JobCancelledByProvider);
    }
}
