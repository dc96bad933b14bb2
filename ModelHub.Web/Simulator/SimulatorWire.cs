using System.Text.Json;
using ModelHub.Core.Simulator;

namespace ModelHub.Web.Simulator;

/// <summary>The simulator's objects in OpenAI's wire shapes (snake_case names, Unix-second timestamps, explicit nulls).</summary>
internal static class SimulatorWire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public const string Organization = "org-modelhub-sim";

    public static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static object File(SimFile file) => new
    {
        id = file.Id,
        @object = "file",
        bytes = file.Bytes,
        created_at = Unix(file.CreatedAt),
        filename = file.Filename,
        purpose = file.Purpose,
        status = "processed",
        status_details = (string?)null,
        expires_at = (long?)null,
    };

    public static object Job(SimJobSnapshot snapshot)
    {
        var job = snapshot.Job;
        var succeeded = snapshot.Status == SimJobStatus.Succeeded;
        var hyperparameters = new
        {
            n_epochs = job.Hyperparameters.NEpochs,
            batch_size = job.Hyperparameters.BatchSize,
            learning_rate_multiplier = job.Hyperparameters.LearningRateMultiplier,
        };
        return new
        {
            @object = "fine_tuning.job",
            id = job.Id,
            model = job.Model,
            created_at = Unix(job.CreatedAt),
            finished_at = snapshot.FinishedAt is { } finished ? Unix(finished) : (long?)null,
            fine_tuned_model = succeeded ? job.FineTunedModel : null,
            organization_id = Organization,
            result_files = succeeded ? new[] { job.ResultFileId } : [],
            status = snapshot.Status,
            validation_file = job.ValidationFile,
            training_file = job.TrainingFile,
            hyperparameters,
            trained_tokens = succeeded ? job.TrainedTokens : (int?)null,
            error = snapshot.Status == SimJobStatus.Failed ? new { code = "simulated_failure", message = job.FailureMessage, param = (string?)null } : null,
            user_provided_suffix = job.Suffix,
            seed = job.Seed,
            estimated_finish = snapshot.IsTerminal ? (long?)null : Unix(snapshot.EstimatedFinish),
            integrations = Array.Empty<object>(),
            metadata = job.Metadata,
            method = new { type = "supervised", supervised = new { hyperparameters } },
        };
    }

    public static object Event(SimEvent e) => new
    {
        @object = "fine_tuning.job.event",
        id = e.Id,
        created_at = Unix(e.CreatedAt),
        level = e.Level,
        message = e.Message,
        data = e.Data is { } m ? Metrics(m) : new { },
        type = e.Type,
    };

    public static object Checkpoint(SimCheckpoint c) => new
    {
        @object = "fine_tuning.job.checkpoint",
        id = c.Id,
        created_at = Unix(c.CreatedAt),
        fine_tuned_model_checkpoint = c.FineTunedModelCheckpoint,
        fine_tuning_job_id = c.JobId,
        step_number = c.StepNumber,
        metrics = new
        {
            step = c.Metrics.Step,
            train_loss = c.Metrics.TrainLoss,
            train_mean_token_accuracy = c.Metrics.TrainMeanTokenAccuracy,
            valid_loss = c.Metrics.ValidLoss,
            valid_mean_token_accuracy = c.Metrics.ValidMeanTokenAccuracy,
            full_valid_loss = c.Metrics.ValidLoss,
            full_valid_mean_token_accuracy = c.Metrics.ValidMeanTokenAccuracy,
        },
    };

    public static object Model(SimModel m) => new { id = m.Id, @object = "model", created = Unix(m.CreatedAt), owned_by = m.OwnedBy };

    /// <summary>A list envelope; <c>first_id</c>/<c>last_id</c> only where OpenAI sends them.</summary>
    public static object List<T>(IReadOnlyList<T> items, bool hasMore, Func<T, object> shape, Func<T, string>? id = null) => id is null
        ? new { @object = "list", data = items.Select(shape).ToList(), has_more = hasMore }
        : new
        {
            @object = "list",
            data = items.Select(shape).ToList(),
            has_more = hasMore,
            first_id = items.Count > 0 ? id(items[0]) : null,
            last_id = items.Count > 0 ? id(items[^1]) : null,
        };

    private static object Metrics(StepMetrics m) => new
    {
        step = m.Step,
        total_steps = m.TotalSteps,
        train_loss = m.TrainLoss,
        train_mean_token_accuracy = m.TrainMeanTokenAccuracy,
        valid_loss = m.ValidLoss,
        valid_mean_token_accuracy = m.ValidMeanTokenAccuracy,
    };
}
