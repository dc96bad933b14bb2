using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Dashboard;
using ModelHub.Core.Promotions;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Dashboard.Integration;

public sealed class DashboardQueriesTests : IAsyncLifetime
{
    private const string Email = "ana@example.com";
    private readonly TempFolder data = new("dashboard");
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private ServiceProvider services = default!;
    private string userId = "";

    public async Task InitializeAsync()
    {
        services = new ServiceCollection().AddModelHubCoreForTests(data.Path).AddSingleton<TimeProvider>(time).BuildServiceProvider();
        await services.MigrateAsync();
        userId = await services.AddUserRowAsync(Email);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        data.Dispose();
    }

    [Fact]
    public async Task A_new_instance_needs_no_action_and_has_done_none_of_the_first_steps()
    {
        var queries = services.GetRequiredService<DashboardQueries>();

        Assert.True((await queries.ActionItemsAsync()).IsEmpty);
        Assert.Equal(new GettingStarted(false, false, false, false), await queries.GettingStartedAsync());
    }

    [Fact]
    public async Task Each_kind_of_item_is_listed_once_and_failures_and_rollbacks_leave_the_lists_when_they_age_out()
    {
        await DashboardSeeder.AddItemsNeedingActionAsync(services, userId, Email, time.GetUtcNow());
        var queries = services.GetRequiredService<DashboardQueries>();

        var items = await queries.ActionItemsAsync();
        var approval = Assert.Single(items.PendingApprovals);
        Assert.Equal(("sentiment", 2, Email), (approval.Model, approval.Version, approval.RequestedBy));
        var job = Assert.Single(items.FailedJobs);
        Assert.Equal(("summarizer", DashboardSeeder.FailedJobError), (job.Model, job.Error));
        var run = Assert.Single(items.FailedGateRuns);
        Assert.Equal(("summarizer", 1, GateRunStatus.Failed), (run.Model, run.Version, run.Status));
        var ungated = Assert.Single(items.UngatedStagingVersions);
        Assert.Equal(("classifier", 1), (ungated.Model, ungated.Version));
        var rollback = Assert.Single(items.Rollbacks);
        Assert.Equal(("sentiment", 1, Email), (rollback.Model, rollback.Version, rollback.By));
        Assert.True((await queries.GettingStartedAsync()).IsComplete);

        time.Advance(DashboardQueries.FailureWindow + TimeSpan.FromMinutes(1));
        items = await queries.ActionItemsAsync();
        Assert.Empty(items.FailedJobs);
        Assert.Empty(items.FailedGateRuns);
        Assert.Single(items.Rollbacks);
        Assert.Single(items.PendingApprovals);

        time.Advance(DashboardQueries.RollbackWindow);
        Assert.Empty((await queries.ActionItemsAsync()).Rollbacks);
    }

    [Fact]
    public async Task A_staging_version_whose_only_gate_run_errored_still_needs_a_gate_run_and_a_running_one_does_not()
    {
        await RegistrySeeder.AddVersionAsync(services, "classifier", userId);
        await RegistrySeeder.SetStageAsync(services, "classifier", 1, Core.Registry.ModelStage.Staging, userId);
        await PromotionSeeder.AddGateRunAsync(services, "classifier", 1, GateRunStatus.Error, userId);
        var queries = services.GetRequiredService<DashboardQueries>();

        Assert.Equal("classifier", Assert.Single((await queries.ActionItemsAsync()).UngatedStagingVersions).Model);

        await PromotionSeeder.AddGateRunAsync(services, "classifier", 1, GateRunStatus.Running, userId);
        Assert.Empty((await queries.ActionItemsAsync()).UngatedStagingVersions);
    }
}
