using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Audit;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Promotions;
using ModelHub.Core.Providers;
using ModelHub.Core.Registry;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Unit;

/// <summary>
/// One gate run evaluated against a scripted provider over a real SQLite file: the held-out set has ten reviews (four
/// positive, three negative, three neutral); version 1 answers "positive" to everything, version 2 gets all but the
/// last right, version 3 all of them.
/// </summary>
public sealed class EvaluateGateRunTests : IAsyncLifetime
{
    private static readonly (string Review, string Label)[] HeldOut =
    [
        ("great film", "positive"), ("loved it", "positive"), ("a delight", "positive"), ("see it twice", "positive"),
        ("dull and long", "negative"), ("a waste of time", "negative"), ("walked out", "negative"),
        ("it was fine", "neutral"), ("some good, some bad", "neutral"), ("neither good nor bad", "neutral"),
    ];

    private readonly TempFolder data = new("evaluate-gate-run");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly ScriptedChatProvider provider = new((model, review) =>
    {
        var expected = HeldOut.Single(e => e.Review == review).Label;
        return model.Contains("-v1:", StringComparison.Ordinal) ? "positive"
            : model.Contains("-v2:", StringComparison.Ordinal) && review == "neither good nor bad" ? "negative"
            : expected;
    });

    private ServiceProvider services = null!;
    private string userId = "";
    private int datasetId;

    public async Task InitializeAsync()
    {
        services = new ServiceCollection()
            .AddModelHubCoreForTests(data.Path)
            .AddSingleton<IFineTuningProvider>(provider)
            .AddSingleton<TimeProvider>(time)
            .BuildServiceProvider();
        await services.MigrateAsync();
        userId = await services.AddUserRowAsync("engineer@example.com");
        var jsonl = string.Concat(HeldOut.Select(e =>
            $$"""{"messages":[{"role":"user","content":"{{e.Review}}"},{"role":"assistant","content":"{{e.Label}}"}]}""" + "\n"));
        datasetId = await DatasetSeeder.AddAsync(services, "reviews-held-out", jsonl, DatasetPurpose.Validation, userId);
        for (var i = 0; i < 3; i++)
        {
            await RegistrySeeder.AddVersionAsync(services, "sentiment", userId);
        }
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Production_is_scored_on_the_same_examples_with_its_confusion_matrix_and_the_examples_where_the_two_disagree()
    {
        await RegistrySeeder.SetStageAsync(services, "sentiment", 1, ModelStage.Production, userId);

        var run = await RunAsync(version: 2);

        Assert.Equal(GateRunStatus.Passed, run.Status);
        Assert.Equal(time.GetUtcNow(), run.FinishedAt);
        Assert.Equal(0.9, run.Scores!.Accuracy!.Value, 6);
        var production = run.Production!;
        Assert.Equal(1, production.Version);
        Assert.Null(production.ReusedFromGateRunId);
        Assert.Equal(0.4, production.Metrics!.Accuracy!.Value, 6);
        Assert.Equal(production.Metrics.AsMetrics(), run.ProductionScores!.AsMetrics());

        Assert.Equal(["negative", "neutral", "positive"], run.Confusion!.Labels);
        Assert.Equal([1, 2, 0], run.Confusion.Rows[1].Predicted);
        Assert.Equal(["negative", "neutral", "positive"], production.Confusion!.Labels);
        Assert.Equal([[0, 0, 3], [0, 0, 3], [0, 0, 4]], production.Confusion.Rows.Select(r => r.Predicted.ToArray()));

        // Version 1 says "positive" to the six other reviews; version 2 says something else to all of them.
        Assert.Equal(6, production.DisagreementCount);
        Assert.Equal([5, 6, 7, 8, 9, 10], production.Disagreements!.Select(d => d.Line));
        Assert.Equal(new Disagreement(10, "neither good nor bad", "neutral", "negative", "positive"), production.Disagreements![5]);

        // Both versions answered all ten: the run paid for both.
        Assert.Equal((10, 10), (provider.CallsTo("-v2:"), provider.CallsTo("-v1:")));
        Assert.Equal(20 * 10, run.PromptTokens);
    }

    [Fact]
    public async Task A_later_run_reuses_productions_answers_to_the_same_file_instead_of_asking_the_provider_again()
    {
        await RegistrySeeder.SetStageAsync(services, "sentiment", 1, ModelStage.Production, userId);
        var first = await RunAsync(version: 2);
        time.Advance(TimeSpan.FromHours(1));

        var second = await RunAsync(version: 3);

        Assert.Equal(10, provider.CallsTo("-v1:"));
        Assert.Equal(first.Id, second.Production!.ReusedFromGateRunId);
        Assert.Equal(first.Production!.Metrics!.AsMetrics(), second.Production.Metrics!.AsMetrics());
        Assert.Equal(6, second.Production.DisagreementCount);
        Assert.Equal(10 * 10, second.PromptTokens);

        // Once version 2 is in production, its answers from its own gate run are the ones reused.
        await RegistrySeeder.SetStageAsync(services, "sentiment", 2, ModelStage.Production, userId);
        time.Advance(TimeSpan.FromHours(1));
        var third = await RunAsync(version: 3);

        Assert.Equal(10, provider.CallsTo("-v2:"));
        Assert.Equal((2, first.Id), (third.Production!.Version, third.Production.ReusedFromGateRunId));
        Assert.Equal([new Disagreement(10, "neither good nor bad", "neutral", "neutral", "negative")], third.Production.Disagreements);
    }

    [Fact]
    public async Task Without_a_production_version_the_run_has_no_production_side_and_asks_only_for_the_candidate()
    {
        var run = await RunAsync(version: 2);

        Assert.Null(run.Production);
        Assert.Null(run.ProductionScores);
        Assert.NotNull(run.Confusion);
        Assert.Equal((10, 0), (provider.CallsTo("-v2:"), provider.CallsTo("-v1:")));
    }

    [Fact]
    public async Task A_run_that_already_ended_is_not_evaluated_again()
    {
        var run = await RunAsync(version: 2);

        await services.GetRequiredService<EvaluateGateRun>().RunAsync(run.Id, CancellationToken.None);

        Assert.Equal(10, provider.CallsTo("-v2:"));
        await using var db = await services.GetRequiredService<IDbContextFactory<ModelHubDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.VersionEvaluations.CountAsync());
    }

    private async Task<GateRunView> RunAsync(int version)
    {
        var started = await services.GetRequiredService<StartGateRun>().StartAsync("sentiment", version, datasetId, Actor.User(userId, "engineer@example.com"));
        await services.GetRequiredService<EvaluateGateRun>().RunAsync(started.Value, CancellationToken.None);
        return (await services.GetRequiredService<GateQueries>().GetRunAsync(started.Value))!;
    }
}
