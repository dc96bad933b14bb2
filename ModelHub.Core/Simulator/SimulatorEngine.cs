using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Common;

namespace ModelHub.Core.Simulator;

/// <summary>
/// The OpenAI-compatible simulator's engine: files, fine-tuning jobs that really learn from their data, models and
/// chat completions. Pure C#; the web app maps it onto HTTP. Expected failures come back as <see cref="Error"/>s whose
/// codes are OpenAI's (codes ending in <c>_not_found</c> mean 404).
/// </summary>
public sealed class SimulatorEngine
{
    public const string FineTunePurpose = "fine-tune";
    public const string ResultsPurpose = "fine-tune-results";

    private readonly Lock gate = new();
    private readonly SimulatorStorage storage;
    private readonly SimulatorFaults faults;
    private readonly SimulatorTokenCounter tokens;
    private readonly IOptions<SimulatorOptions> options;
    private readonly TimeProvider time;
    private readonly ILogger<SimulatorEngine> logger;
    private readonly List<SimFile> files;
    private readonly List<SimJob> jobs;
    private readonly ConcurrentDictionary<string, NearestNeighbourModel> models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<StepMetrics>> curves = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> learnabilities = new(StringComparer.Ordinal);

    public SimulatorEngine(SimulatorStorage storage, SimulatorFaults faults, SimulatorTokenCounter tokens, IOptions<SimulatorOptions> options, TimeProvider time, ILogger<SimulatorEngine> logger)
    {
        this.storage = storage;
        this.faults = faults;
        this.tokens = tokens;
        this.options = options;
        this.time = time;
        this.logger = logger;
        var state = storage.Load();
        files = [.. state.Files];
        jobs = [.. state.Jobs];
        logger.LogInformation("Simulator state loaded from {Folder}: {FileCount} files, {JobCount} jobs", storage.Folder, files.Count, jobs.Count);
    }

    public Result<SimFile> UploadFile(string filename, string purpose, byte[] content)
    {
        if (purpose == FineTunePurpose && FineTuneFileCheck.Check(content) is { } problem)
        {
            return problem;
        }

        var file = new SimFile(NewId("file-"), Path.GetFileName(filename), purpose, content.LongLength, Now);
        storage.WriteFile(file.Id, content);
        lock (gate)
        {
            files.Add(file);
            Persist();
        }

        logger.LogInformation("Simulator stored file {FileId} ({Bytes} bytes, purpose {Purpose})", file.Id, file.Bytes, purpose);
        return file;
    }

    public IReadOnlyList<SimFile> ListFiles(string? purpose)
    {
        lock (gate)
        {
            return files.Concat(ResultFiles())
                .Where(f => purpose is null || f.Purpose == purpose)
                .OrderByDescending(f => f.CreatedAt)
                .ToList();
        }
    }

    public Result<SimFile> GetFile(string id)
    {
        lock (gate)
        {
            return files.Concat(ResultFiles()).FirstOrDefault(f => f.Id == id) is { } file ? file : FileNotFound(id);
        }
    }

    public Result<byte[]> GetFileContent(string id)
    {
        var file = GetFile(id);
        if (!file.Succeeded)
        {
            return file.Error!;
        }

        if (file.Value.Purpose == ResultsPurpose)
        {
            var job = FindJob(j => j.ResultFileId == id)!;
            return Encoding.UTF8.GetBytes(ResultCsv(Curve(job)));
        }

        return storage.ReadFile(id) is { } bytes ? bytes : FileNotFound(id);
    }

    public Result<SimFile> DeleteFile(string id)
    {
        lock (gate)
        {
            var file = files.FirstOrDefault(f => f.Id == id);
            if (file is null)
            {
                return FileNotFound(id);
            }

            files.Remove(file);
            Persist();

            // A fine-tuned model keeps answering from its data after its training file is deleted, as a real one would.
            if (!jobs.Any(j => j.TrainingFile == id))
            {
                storage.DeleteFile(id);
            }

            return file;
        }
    }

    public Result<SimJobSnapshot> CreateJob(SimJobRequest request)
    {
        lock (gate)
        {
            if (request.IdempotencyKey is { Length: > 0 } key && jobs.FirstOrDefault(j => j.IdempotencyKey == key) is { } existing)
            {
                logger.LogInformation("Simulator replayed job {JobId} for a repeated idempotency key", existing.Id);
                return Snapshot(existing);
            }
        }

        if (!SimulatorCatalog.BaseModels.Contains(request.Model, StringComparer.Ordinal))
        {
            return new Error(ErrorKind.Validation, "model_not_available", $"Model {request.Model} is not available for fine-tuning or does not exist.") { Target = "model" };
        }

        var training = TrainingFile(request.TrainingFile, "training_file");
        if (!training.Succeeded)
        {
            return training.Error!;
        }

        if (request.ValidationFile is { } validationId && TrainingFile(validationId, "validation_file") is { Succeeded: false } validation)
        {
            return validation.Error!;
        }

        var examples = TrainingExamples.Parse(training.Value, tokens);
        if (examples.Count < SimulatorCatalog.MinimumExamples)
        {
            return new Error(ErrorKind.Validation, "invalid_training_file", $"Training file {request.TrainingFile} has {examples.Count} example(s), but must have at least {SimulatorCatalog.MinimumExamples} examples.") { Target = "training_file" };
        }

        if (CheckHyperparameters(request) is { } invalid)
        {
            return invalid;
        }

        var hyperparameters = SimulatorCatalog.Resolve(request.NEpochs, request.BatchSize, request.LearningRateMultiplier, examples.Count);
        var model = models.GetOrAdd(request.TrainingFile, _ => new NearestNeighbourModel(examples));

        // The slow part (leave-one-out over the data) runs before the job's clock starts.
        var learnability = learnabilities.GetOrAdd(request.TrainingFile, _ => model.Learnability());
        var totalSteps = (examples.Count + hyperparameters.BatchSize - 1) / hyperparameters.BatchSize * hyperparameters.NEpochs;

        lock (gate)
        {
            // Checked again under the lock: two concurrent retries of one request must still make one job.
            if (request.IdempotencyKey is { Length: > 0 } key && jobs.FirstOrDefault(j => j.IdempotencyKey == key) is { } raced)
            {
                return Snapshot(raced);
            }

            var now = Now;
            var job = new SimJob(
                NewId("ftjob-"),
                request.Model,
                request.TrainingFile,
                request.ValidationFile,
                hyperparameters,
                request.Suffix,
                request.Seed ?? Random.Shared.Next(1, int.MaxValue),
                request.Metadata,
                request.IdempotencyKey,
                now,
                SimulatorCatalog.Duration(totalSteps, options.Value.TimeScale),
                examples.Count,
                examples.Sum(e => e.Tokens) * hyperparameters.NEpochs,
                learnability,
                faults.TakeFailNextJobMessage(),
                null);
            jobs.Add(job);
            Persist();
            logger.LogInformation("Simulator created job {JobId} on {Model}: {Steps} steps over {Duration}", job.Id, job.Model, job.TotalSteps, job.Duration);

            // Answer as of creation, as a provider does: the job is still validating its files.
            return SimJobTimeline.At(job, now);
        }
    }

    /// <summary>Jobs newest first; <paramref name="metadata"/> keeps only jobs carrying all of those pairs.</summary>
    public SimPage<SimJobSnapshot> ListJobs(string? after, int limit, IReadOnlyDictionary<string, string>? metadata = null)
    {
        List<SimJob> matching;
        lock (gate)
        {
            matching = jobs
                .Where(j => metadata is null || metadata.All(kv => j.Metadata?.GetValueOrDefault(kv.Key) == kv.Value))
                .OrderByDescending(j => j.CreatedAt)
                .ToList();
        }

        var page = SimPage<SimJob>.From(matching, j => j.Id, after, limit);
        return new SimPage<SimJobSnapshot>(page.Data.Select(Snapshot).ToList(), page.HasMore);
    }

    public Result<SimJobSnapshot> GetJob(string id) => FindJob(j => j.Id == id) is { } job ? Snapshot(job) : JobNotFound(id);

    public Result<SimPage<SimEvent>> ListEvents(string jobId, string? after, int limit)
    {
        if (FindJob(j => j.Id == jobId) is not { } job)
        {
            return JobNotFound(jobId);
        }

        var now = Now;
        var events = SimJobEvents.Until(SimJobTimeline.At(job, now), Curve(job), now).Reverse().ToList();
        return SimPage<SimEvent>.From(events, e => e.Id, after, limit);
    }

    public Result<SimPage<SimCheckpoint>> ListCheckpoints(string jobId, string? after, int limit)
    {
        if (FindJob(j => j.Id == jobId) is not { } job)
        {
            return JobNotFound(jobId);
        }

        var checkpoints = SimJobEvents.Checkpoints(Snapshot(job), Curve(job)).Reverse().ToList();
        return SimPage<SimCheckpoint>.From(checkpoints, c => c.Id, after, limit);
    }

    public Result<SimJobSnapshot> CancelJob(string id)
    {
        lock (gate)
        {
            var index = jobs.FindIndex(j => j.Id == id);
            if (index < 0)
            {
                return JobNotFound(id);
            }

            var snapshot = Snapshot(jobs[index]);
            if (snapshot.IsTerminal)
            {
                return new Error(ErrorKind.Conflict, "job_not_cancellable", $"Job {id} has already {snapshot.Status} and cannot be cancelled.") { Target = "fine_tuning_job_id" };
            }

            jobs[index] = jobs[index] with { CancelledAt = Now };
            Persist();
            logger.LogInformation("Simulator cancelled job {JobId}", id);
            return Snapshot(jobs[index]);
        }
    }

    public IReadOnlyList<SimModel> ListModels()
    {
        var fineTuned = SucceededJobs().Select(s => new SimModel(s.Job.FineTunedModel, s.FinishedAt!.Value, "modelhub-sim"));
        return SimulatorCatalog.BaseModels.Select(m => new SimModel(m, SimulatorCatalog.BaseModelsCreated, "system")).Concat(fineTuned).ToList();
    }

    public Result<SimChatAnswer> Complete(string model, IReadOnlyList<SimChatMessage> messages)
    {
        if (messages.Count == 0)
        {
            return new Error(ErrorKind.Validation, "invalid_messages", "messages must contain at least one message.") { Target = "messages" };
        }

        var userText = string.Join("\n", messages.Where(m => m.Role == "user").Select(m => m.Content));
        string reply;
        if (SimulatorCatalog.BaseModels.Contains(model, StringComparer.Ordinal))
        {
            reply = BaseModelReplies.For(userText);
        }
        else if (SucceededJobs().FirstOrDefault(s => model == s.Job.FineTunedModel || model.StartsWith(s.Job.FineTunedModel + ":ckpt-step-", StringComparison.Ordinal)) is { } trained)
        {
            reply = TrainedModel(trained.Job).Answer(userText) ?? BaseModelReplies.For(userText);
        }
        else
        {
            return new Error(ErrorKind.NotFound, "model_not_found", $"The model `{model}` does not exist or you do not have access to it.") { Target = "model" };
        }

        return new SimChatAnswer(NewId("chatcmpl-"), model, Now, reply, tokens.CountPrompt(messages), tokens.Count(reply));
    }

    private DateTimeOffset Now => time.GetUtcNow();

    private SimJobSnapshot Snapshot(SimJob job) => SimJobTimeline.At(job, Now);

    private SimJob? FindJob(Func<SimJob, bool> predicate)
    {
        lock (gate)
        {
            return jobs.FirstOrDefault(predicate);
        }
    }

    private List<SimJobSnapshot> SucceededJobs()
    {
        lock (gate)
        {
            return jobs.Select(Snapshot).Where(s => s.Status == SimJobStatus.Succeeded).ToList();
        }
    }

    private IEnumerable<SimFile> ResultFiles() =>
        jobs.Select(Snapshot)
            .Where(s => s.Status == SimJobStatus.Succeeded)
            .Select(s => new SimFile(s.Job.ResultFileId, "step_metrics.csv", ResultsPurpose, Encoding.UTF8.GetByteCount(ResultCsv(Curve(s.Job))), s.FinishedAt!.Value));

    private IReadOnlyList<StepMetrics> Curve(SimJob job) =>
        curves.GetOrAdd(job.Id, _ => TrainingCurve.Compute(job, job.ValidationFile is not null));

    private NearestNeighbourModel TrainedModel(SimJob job) =>
        models.GetOrAdd(job.TrainingFile, id => new NearestNeighbourModel(TrainingExamples.Parse(storage.ReadFile(id) ?? [], tokens)));

    private Result<byte[]> TrainingFile(string id, string param)
    {
        SimFile? file;
        lock (gate)
        {
            file = files.FirstOrDefault(f => f.Id == id);
        }

        if (file is null || file.Purpose != FineTunePurpose || storage.ReadFile(id) is not { } content)
        {
            return new Error(ErrorKind.Validation, "invalid_" + param, $"Invalid {param.Replace('_', ' ')}: {id} does not exist or was not uploaded with purpose 'fine-tune'.") { Target = param };
        }

        return content;
    }

    private static Error? CheckHyperparameters(SimJobRequest request) => request switch
    {
        { NEpochs: < 1 or > 50 } => new Error(ErrorKind.Validation, "invalid_hyperparameters", "n_epochs must be between 1 and 50.") { Target = "hyperparameters.n_epochs" },
        { BatchSize: < 1 or > 256 } => new Error(ErrorKind.Validation, "invalid_hyperparameters", "batch_size must be between 1 and 256.") { Target = "hyperparameters.batch_size" },
        { LearningRateMultiplier: <= 0 or > 10 } => new Error(ErrorKind.Validation, "invalid_hyperparameters", "learning_rate_multiplier must be greater than 0 and at most 10.") { Target = "hyperparameters.learning_rate_multiplier" },
        { Suffix.Length: > 64 } => new Error(ErrorKind.Validation, "invalid_suffix", "suffix must be at most 64 characters.") { Target = "suffix" },
        _ => null,
    };

    private static string ResultCsv(IReadOnlyList<StepMetrics> curve)
    {
        var csv = new StringBuilder("step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n");
        foreach (var m in curve)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m.Step},{m.TrainLoss},{m.TrainMeanTokenAccuracy},{m.ValidLoss},{m.ValidMeanTokenAccuracy}\n");
        }

        return csv.ToString();
    }

    private void Persist() => storage.Save(new SimulatorState(files.ToList(), jobs.ToList()));

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static Error FileNotFound(string id) => new(ErrorKind.NotFound, "file_not_found", $"No such File object: {id}") { Target = "id" };

    private static Error JobNotFound(string id) => new(ErrorKind.NotFound, "fine_tuning_job_not_found", $"Fine-tuning job {id} not found.") { Target = "fine_tuning_job_id" };
}
