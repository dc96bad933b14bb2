using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Core.Promotions;
using ModelHub.Core.Providers;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Observability.Unit;

/// <summary>Gate runs over a scripted provider, a real SQLite file and a fake clock.</summary>
public sealed class GateRunDurationTests : IAsyncLifetime
{
    private readonly TempFolder data = new("gate-run-duration");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ScriptedChatProvider provider = new((_, review) => review.StartsWith("good", StringComparison.Ordinal) ? "positive" : "negative");
    private ServiceProvider services = null!;
    private MeasurementLog log = null!;
    private string userId = "";
    private int datasetId;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection()
            .AddModelHubCoreForTests(data.Path)
            .AddSingleton<IFineTuningProvider>(provider)
            .AddSingleton<TimeProvider>(time)
            .BuildServiceProvider();
        log = new MeasurementLog(services.GetRequiredService<IMeterFactory>());
        await services.MigrateAsync();
        userId = await services.AddUserRowAsync("engineer@example.com");
        var jsonl = string.Concat(Enumerable.Range(1, 10).Select(i => i % 2 == 0
            ? $$"""{"messages":[{"role":"user","content":"good {{i}}"},{"role":"assistant","content":"positive"}]}""" + "\n"
            : $$"""{"messages":[{"role":"user","content":"bad {{i}}"},{"role":"assistant","content":"negative"}]}""" + "\n"));
        datasetId = await DatasetSeeder.AddAsync(services, "held-out", jsonl, DatasetPurpose.Validation, userId);
        await RegistrySeeder.AddVersionAsync(services, "sentiment", userId);
    }

    public async Task DisposeAsync()
    {
        log.Dispose();
        await services.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task A_finished_run_records_its_time_from_request_to_verdict_with_the_verdict()
    {
        var runId = await StartAsync();
        time.Advance(TimeSpan.FromSeconds(90));

        await services.GetRequiredService<EvaluateGateRun>().RunAsync(runId, CancellationToken.None);

        var duration = Assert.Single(log.Of("modelhub.gate_run.duration"));
        Assert.Equal(90, duration.Value);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(GateRunStatus.Passed, duration.Tags[GateRunDurations.StatusAttribute]);
    }

    [Fact]
    public async Task A_run_that_ends_in_error_is_recorded_as_error()
    {
        var runId = await StartAsync();
        time.Advance(TimeSpan.FromSeconds(12));

        await services.GetRequiredService<EvaluateGateRun>().FailAsync(runId, "The provider could not be reached.");

        var duration = Assert.Single(log.Of("modelhub.gate_run.duration"));
        Assert.Equal(12, duration.Value);
        Assert.Equal(GateRunStatus.Error, duration.Tags[GateRunDurations.StatusAttribute]);
    }

    private async Task<int> StartAsync()
    {
        var started = await services.GetRequiredService<StartGateRun>().StartAsync("sentiment", 1, datasetId, Actor.User(userId, "engineer@example.com"));
        Assert.True(started.Succeeded, started.Error?.Message);
        return started.Value;
    }
}
