using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelHub.Core.Datasets.Samples;
using ModelHub.Core.Simulator;

using ModelHub.Tests.Simulator.Integration;
using ModelHub.Tests.Simulator.Peers;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Simulator.Unit;

/// <summary>The engine without HTTP, on a fake clock.</summary>
public sealed class SimulatorEngineTests : IDisposable
{
    private static readonly SimulatorTokenCounter Tokens = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "modelhub-engine-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Job_status_follows_elapsed_time_and_survives_a_restart()
    {
        var engine = NewEngine();
        var train = engine.UploadFile("train.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())).Value;
        var job = engine.CreateJob(Request(train.Id)).Value;
        var seen = new List<string> { job.Status };

        for (var i = 0; i < 200 && !seen[^1].Equals(SimJobStatus.Succeeded); i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var status = engine.GetJob(job.Job.Id).Value.Status;
            if (status != seen[^1])
            {
                seen.Add(status);
            }
        }

        Assert.Equal([SimJobStatus.ValidatingFiles, SimJobStatus.Queued, SimJobStatus.Running, SimJobStatus.Succeeded], seen);
        Assert.InRange(job.Job.Duration, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(90));

        var restarted = NewEngine();
        var resumed = restarted.GetJob(job.Job.Id).Value;
        Assert.Equal(SimJobStatus.Succeeded, resumed.Status);
        Assert.Equal(job.Job.FineTunedModel, resumed.Job.FineTunedModel);
        Assert.Equal("positive", restarted.Complete(job.Job.FineTunedModel, [new("user", "I bought the kettle: I absolutely love it and the quality is excellent. Five stars.")]).Value.Content);
    }

    [Fact]
    public void Job_created_before_a_restart_keeps_running_afterwards()
    {
        var engine = NewEngine();
        var train = engine.UploadFile("train.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())).Value;
        var job = engine.CreateJob(Request(train.Id)).Value.Job;
        time.Advance(job.Duration / 2);

        var restarted = NewEngine();
        Assert.Equal(SimJobStatus.Running, restarted.GetJob(job.Id).Value.Status);
        time.Advance(job.Duration);
        Assert.Equal(SimJobStatus.Succeeded, restarted.GetJob(job.Id).Value.Status);
    }

    [Fact]
    public void Job_cancelled_while_validating_gets_no_later_events_and_keeps_its_event_ids()
    {
        var engine = NewEngine();
        var train = engine.UploadFile("train.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())).Value;
        var job = engine.CreateJob(Request(train.Id)).Value.Job;
        time.Advance(TimeSpan.FromSeconds(1));
        var before = engine.ListEvents(job.Id, null, 100).Value.Data;

        engine.CancelJob(job.Id);
        time.Advance(job.Duration * 2);
        var after = engine.ListEvents(job.Id, null, 100).Value.Data;

        Assert.Equal(SimJobStatus.Cancelled, engine.GetJob(job.Id).Value.Status);
        Assert.Equal("Fine-tuning job cancelled", after[0].Message);
        Assert.Equal(before.Select(e => e.Id), after.Skip(1).Select(e => e.Id));
        Assert.DoesNotContain(after, e => e.Type == "metrics" || e.Message.Contains("started", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_idempotency_key_returns_the_same_job()
    {
        var engine = NewEngine();
        var train = engine.UploadFile("train.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())).Value;

        var first = engine.CreateJob(Request(train.Id) with { IdempotencyKey = "k-1" }).Value;
        var second = engine.CreateJob(Request(train.Id) with { IdempotencyKey = "k-1" }).Value;
        var other = engine.CreateJob(Request(train.Id) with { IdempotencyKey = "k-2" }).Value;

        Assert.Equal(first.Job.Id, second.Job.Id);
        Assert.NotEqual(first.Job.Id, other.Job.Id);
        Assert.Equal(2, engine.ListJobs(null, 100).Data.Count);
    }

    [Fact]
    public void Same_inputs_give_the_same_curve_and_another_seed_another_one()
    {
        var engine = NewEngine();
        var train = engine.UploadFile("train.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())).Value;
        var job = engine.CreateJob(Request(train.Id)).Value.Job;

        var once = TrainingCurve.Compute(job, hasValidation: true);
        var twice = TrainingCurve.Compute(job with { Id = "ftjob-000000000000000000000000", CreatedAt = DateTimeOffset.UnixEpoch }, hasValidation: true);
        var reseeded = TrainingCurve.Compute(job with { Seed = job.Seed + 1 }, hasValidation: true);

        Assert.Equal(once, twice);
        Assert.NotEqual(once, reseeded);
    }

    [Fact]
    public void Validation_loss_stays_above_training_loss_and_rises_when_epochs_are_too_many()
    {
        var engine = NewEngine();
        var train = engine.UploadFile("train.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())).Value;
        var job = engine.CreateJob(Request(train.Id) with { NEpochs = 10 }).Value.Job;

        var curve = TrainingCurve.Compute(job, hasValidation: true);
        var lastEpoch = curve.TakeLast(job.StepsPerEpoch).ToList();
        var thirdEpoch = curve.Skip(2 * job.StepsPerEpoch).Take(job.StepsPerEpoch).ToList();

        Assert.True(lastEpoch.Average(m => m.ValidLoss!.Value) > lastEpoch.Average(m => m.TrainLoss));
        Assert.True(lastEpoch.Average(m => m.ValidLoss!.Value) > thirdEpoch.Average(m => m.ValidLoss!.Value), "validation loss should rise when overfitting");
        Assert.True(curve.Take(5).Average(m => m.TrainLoss) > 3 * lastEpoch.Average(m => m.TrainLoss), "training loss should decay");
    }

    [Fact]
    public void Shuffled_labels_leave_the_loss_floor_high()
    {
        var engine = NewEngine();
        var clean = engine.UploadFile("clean.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.CleanTrain())).Value;
        var shuffled = engine.UploadFile("shuffled.jsonl", "fine-tune", Encoding.UTF8.GetBytes(SampleDatasets.ShuffledTrain())).Value;

        var cleanJob = engine.CreateJob(Request(clean.Id)).Value.Job;
        var shuffledJob = engine.CreateJob(Request(shuffled.Id)).Value.Job;

        Assert.True(cleanJob.Learnability > 0.8, $"clean learnability {cleanJob.Learnability}");
        Assert.True(shuffledJob.Learnability < 0.2, $"shuffled learnability {shuffledJob.Learnability}");
        Assert.True(TrainingCurve.Compute(shuffledJob, true)[^1].ValidLoss > 2 * TrainingCurve.Compute(cleanJob, true)[^1].ValidLoss);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private SimulatorEngine NewEngine()
    {
        var options = Options.Create(new SimulatorOptions { TimeScale = 1 });
        return new SimulatorEngine(new SimulatorStorage(folder), new SimulatorFaults(options), Tokens, options, time, NullLogger<SimulatorEngine>.Instance);
    }

    private static SimJobRequest Request(string trainingFile) =>
        new("gpt-4o-mini-2024-07-18", trainingFile, null, null, null, null, "unit", 11, null, null);
}
