using System.Globalization;
using ModelHub.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Datasets;
using ModelHub.Core.Datasets.Cost;
using ModelHub.Core.Providers;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.FineTuning;

/// <summary>What to fine-tune; null hyperparameters mean "auto".</summary>
public sealed record LaunchRequest(
    string? Model,
    string? BaseModel,
    int TrainingDatasetId,
    int? ValidationDatasetId,
    int? NEpochs = null,
    int? BatchSize = null,
    double? LearningRateMultiplier = null,
    string? Suffix = null,
    int? Seed = null,
    string? Notes = null);

/// <summary>A dataset a job can use: validated (files with errors are never stored) and not archived.</summary>
public sealed record DatasetChoice(int Id, string Name, DatasetPurpose Purpose, int ExampleCount, long TokensPerEpoch);

/// <summary>What the launch form offers.</summary>
public sealed record LaunchChoices(IReadOnlyList<string> BaseModels, IReadOnlyList<DatasetChoice> Datasets, IReadOnlyList<string> Models, string? ProviderProblem);

/// <summary>
/// Launches a fine-tune job: validates, finds or creates the registered model, stores the job as <c>pending</c> first
/// (so a crash never leaves a provider job ModelHub does not know), uploads the datasets once, and creates the
/// provider job under ModelHub's id. A provider refusal marks the job failed with the provider's words.
/// </summary>
public sealed class LaunchFineTuneJob(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    UploadDatasetToProvider uploads,
    IFineTuningProvider provider,
    IOptionsMonitor<PricingOptions> pricing,
    TrainingCostEstimator prices,
    CreateRegisteredModel createModel,
    AuditLog audit,
    JobTracker tracker,
    IUpdateBus bus,
    TimeProvider time)
{
    public async Task<Result<int>> LaunchAsync(LaunchRequest request, Actor actor, CancellationToken ct = default)
    {
        var userId = actor.Id ?? throw new ArgumentException("Jobs are launched by a signed-in user.", nameof(actor));
        if (Validate(request) is { } invalid)
        {
            return invalid;
        }

        var now = time.GetUtcNow();
        int jobId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var datasets = await db.Datasets
                .Where(d => d.Id == request.TrainingDatasetId || d.Id == request.ValidationDatasetId)
                .ToDictionaryAsync(d => d.Id, ct);
            if (CheckDatasets(request, datasets) is { } datasetError)
            {
                return datasetError;
            }

            var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == request.Model, ct);
            var isNewModel = model is null;
            model ??= createModel.Add(db, request.Model!, description: null, actor);

            var job = new FineTuneJob
            {
                RegisteredModel = model,
                BaseModel = request.BaseModel!.Trim(),
                TrainingDatasetId = request.TrainingDatasetId,
                ValidationDatasetId = request.ValidationDatasetId,
                NEpochs = request.NEpochs,
                BatchSize = request.BatchSize,
                LearningRateMultiplier = request.LearningRateMultiplier,
                Suffix = string.IsNullOrWhiteSpace(request.Suffix) ? null : request.Suffix.Trim(),
                Seed = request.Seed,
                Notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(),
                LaunchedById = userId,
                CreatedAt = now,
                EstimatedCostUsd = prices.EstimateUsd(request.BaseModel!, datasets[request.TrainingDatasetId].TotalTokens, datasets[request.TrainingDatasetId].ExampleCount, request.NEpochs),
            };
            job.RecordPending(now);
            db.FineTuneJobs.Add(job);
            try
            {
                // The job row (and a new model) commit with their audit entries, before anything reaches the provider.
                await audit.WriteAsync(db, async trail =>
                {
                    await db.SaveChangesAsync(ct);
                    if (isNewModel)
                    {
                        CreateRegisteredModel.RecordCreated(trail, model, actor);
                    }

                    trail.Add(new AuditRecord(actor, AuditActions.JobLaunched, AuditObjects.Job, job.Id.ToString(CultureInfo.InvariantCulture), $"{model.Name} on {job.BaseModel}")
                    {
                        After = AuditRecord.ToJson(new
                        {
                            model = model.Name,
                            baseModel = job.BaseModel,
                            trainingDatasetId = job.TrainingDatasetId,
                            validationDatasetId = job.ValidationDatasetId,
                            nEpochs = job.NEpochs,
                            batchSize = job.BatchSize,
                            learningRateMultiplier = job.LearningRateMultiplier,
                            suffix = job.Suffix,
                            seed = job.Seed,
                            estimatedCostUsd = job.EstimatedCostUsd,
                        }),
                    });
                    return job.Id;
                }, ct);
            }
            catch (DbUpdateException) when (model.Id == 0)
            {
                return Error.Conflict("model-exists", $"A model named '{request.Model}' was registered at the same moment; launch again.");
            }

            jobId = job.Id;
        }

        try
        {
            var created = await CreateAtProviderAsync(jobId, request, ct);
            if (created.Error is { } err)
            {
                await MarkFailedAsync(jobId, err.Code, err.Message, ct);
                return err;
            }

            await AcceptedAsync(jobId, created.Value, ct);
        }
        catch (ProviderException ex)
        {
            await MarkFailedAsync(jobId, ex.Code, ex.Message, ct);
            return Error.Conflict("provider-error", ex.Message);
        }

        tracker.Follow(jobId);
        bus.Publish(new JobChanged(Topics.Jobs, jobId, JobStatus.Pending, 0, null));
        return jobId;
    }

    /// <summary>Base models (the provider's, plus the priced ones), usable datasets and existing model names.</summary>
    public async Task<LaunchChoices> ChoicesAsync(CancellationToken ct = default)
    {
        var baseModels = new SortedSet<string>(StringComparer.Ordinal);
        string? problem = null;
        try
        {
            foreach (var model in await provider.ListModelsAsync(ct))
            {
                if (!model.Id.StartsWith("ft:", StringComparison.Ordinal))
                {
                    baseModels.Add(model.Id);
                }
            }
        }
        catch (ProviderException ex)
        {
            problem = ex.Message;
        }

        baseModels.UnionWith(pricing.CurrentValue.Models.Keys);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var datasets = await db.Datasets.Where(d => d.ArchivedAt == null).OrderByDescending(d => d.CreatedAt)
            .Select(d => new DatasetChoice(d.Id, d.Name, d.Purpose, d.ExampleCount, d.TotalTokens)).ToListAsync(ct);
        var models = await db.RegisteredModels.OrderBy(m => m.Name).Select(m => m.Name).ToListAsync(ct);
        return new LaunchChoices([.. baseModels], datasets, models, problem);
    }

    private static Error? Validate(LaunchRequest request)
    {
        if (!RegisteredModel.IsValidName(request.Model))
        {
            return Error.Validation("Model name must be 1–64 lowercase letters, digits, '-', '_' or '.'.", "model");
        }

        if (string.IsNullOrWhiteSpace(request.BaseModel) || request.BaseModel.Length > 200)
        {
            return Error.Validation("Choose a base model.", "baseModel");
        }

        if (request.Suffix is { Length: > 40 })
        {
            return Error.Validation("The suffix can have at most 40 characters.", "suffix");
        }

        if ((InputLimits.Name(request.Suffix, "suffix", "The suffix", required: false, maxLength: 40) ?? InputLimits.Text(request.Notes, "notes", "The notes")) is { } badNotes)
        {
            return badNotes;
        }

        if (request.NEpochs is < 1 or > 50)
        {
            return Error.Validation("nEpochs must be \"auto\" or a whole number from 1 to 50.", "nEpochs");
        }

        if (request.BatchSize is < 1 or > 256)
        {
            return Error.Validation("batchSize must be \"auto\" or a whole number from 1 to 256.", "batchSize");
        }

        if (request.LearningRateMultiplier is <= 0 or > 10)
        {
            return Error.Validation("learningRateMultiplier must be \"auto\" or a number above 0 and at most 10.", "learningRateMultiplier");
        }

        return request.ValidationDatasetId == request.TrainingDatasetId
            ? Error.Validation("Use a different dataset for validation than for training.", "validationDatasetId")
            : null;
    }

    private static Error? CheckDatasets(LaunchRequest request, Dictionary<int, Dataset> datasets)
    {
        if (!datasets.TryGetValue(request.TrainingDatasetId, out var training) || training.ArchivedAt is not null)
        {
            return Error.Validation($"Training dataset {request.TrainingDatasetId} does not exist or is archived.", "trainingDatasetId");
        }

        if (training.Purpose != DatasetPurpose.Training)
        {
            return Error.Validation($"Dataset '{training.Name}' is a validation dataset; choose a training dataset.", "trainingDatasetId");
        }

        if (request.ValidationDatasetId is { } id && (!datasets.TryGetValue(id, out var validation) || validation.ArchivedAt is not null))
        {
            return Error.Validation($"Validation dataset {id} does not exist or is archived.", "validationDatasetId");
        }

        return null;
    }

    /// <summary>
    /// Uploads the datasets (once per provider) and creates the provider job. A provider that lost a file ModelHub
    /// uploaded earlier (deleted or expired there) would refuse every launch with it forever, so its stored id is
    /// dropped and the dataset uploaded again, once.
    /// </summary>
    private async Task<Result<ProviderJob>> CreateAtProviderAsync(int jobId, LaunchRequest request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var training = await uploads.EnsureUploadedAsync(request.TrainingDatasetId, ct);
            if (training.Error is { } trainingError)
            {
                return trainingError;
            }

            string? validationFile = null;
            if (request.ValidationDatasetId is { } validationId)
            {
                var validation = await uploads.EnsureUploadedAsync(validationId, ct);
                if (validation.Error is { } validationError)
                {
                    return validationError;
                }

                validationFile = validation.Value;
            }

            try
            {
                return await provider.CreateJobAsync(new CreateJobRequest(
                    FineTuneJob.ProviderIdFor(jobId),
                    request.BaseModel!.Trim(),
                    training.Value,
                    validationFile,
                    new ProviderHyperparameters(request.NEpochs, request.BatchSize, request.LearningRateMultiplier),
                    string.IsNullOrWhiteSpace(request.Suffix) ? null : request.Suffix.Trim(),
                    request.Seed), ct);
            }
            catch (ProviderException ex) when (MissingFiles(ex.Code) is var (trainingMissing, validationMissing) && (trainingMissing || validationMissing))
            {
                if (attempt > 1)
                {
                    throw new ProviderException(ex.Status, ex.Code, $"The provider refused the dataset's file even after ModelHub uploaded it again: {ex.ProviderMessage}", ex);
                }

                if (trainingMissing)
                {
                    await uploads.ForgetAsync(request.TrainingDatasetId, training.Value, ct);
                }

                if (validationMissing && request.ValidationDatasetId is { } id && validationFile is not null)
                {
                    await uploads.ForgetAsync(id, validationFile, ct);
                }
            }
        }
    }

    /// <summary>Which of the job's files the provider says it does not have, from its error code.</summary>
    private static (bool Training, bool Validation) MissingFiles(string code) => code switch
    {
        "invalid_training_file" => (true, false),
        "invalid_validation_file" => (false, true),
        "file_not_found" => (true, true),
        _ => (false, false),
    };

    private async Task AcceptedAsync(int jobId, ProviderJob created, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.FineTuneJobs.SingleAsync(j => j.Id == jobId, ct);
        job.ProviderJobId = created.Id;
        job.NextPollAt = time.GetUtcNow();
        job.ChangeStatus(created.Status, time.GetUtcNow());

        await db.SaveChangesAsync(ct);
    }

    private async Task MarkFailedAsync(int jobId, string code, string message, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var job = await db.FineTuneJobs.SingleAsync(j => j.Id == jobId, CancellationToken.None);
        var now = time.GetUtcNow();
        job.ChangeStatus(JobStatus.Failed, now);
        job.ErrorCode = code;
        job.ErrorMessage = message;
        job.FinishedAt = now;
        await db.SaveChangesAsync(CancellationToken.None);
        bus.Publish(new JobChanged(Topics.Jobs, jobId, JobStatus.Failed, 0, null));
    }
}
