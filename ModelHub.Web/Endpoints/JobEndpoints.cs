using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;
using ModelHub.Core.FineTuning;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Fine-tune jobs for pipelines: <c>/api/jobs</c>. The same use cases as the Jobs pages.</summary>
internal static class JobEndpoints
{
    /// <summary>Each hyperparameter is "auto" (or absent) or a number.</summary>
    public sealed record HyperparametersRequest(JsonElement? NEpochs, JsonElement? BatchSize, JsonElement? LearningRateMultiplier);

    public sealed record LaunchJobRequest(
        string? Model,
        string? BaseModel,
        int? TrainingDatasetId,
        int? ValidationDatasetId,
        HyperparametersRequest? Hyperparameters,
        string? Suffix,
        int? Seed,
        string? Notes);

    /// <summary>Hyperparameter values are a number or the string "auto".</summary>
    public sealed record HyperparametersResponse(object NEpochs, object BatchSize, object LearningRateMultiplier);

    public sealed record ProgressResponse(int Step, int? TotalSteps);

    public sealed record JobErrorResponse(string? Code, string Message);

    public sealed record VersionRef(string Model, int Number);

    public sealed record JobResponse(
        int Id,
        string? ProviderJobId,
        string Status,
        string Model,
        string BaseModel,
        int TrainingDatasetId,
        int? ValidationDatasetId,
        HyperparametersResponse Hyperparameters,
        string? Suffix,
        int? Seed,
        string? Notes,
        string? FineTunedModel,
        long? TrainedTokens,
        decimal? EstimatedCostUsd,
        decimal? CostUsd,
        JobErrorResponse? Error,
        string LaunchedBy,
        DateTimeOffset CreatedAt,
        DateTimeOffset? StartedAt,
        DateTimeOffset? FinishedAt,
        ProgressResponse Progress,
        IReadOnlyDictionary<string, double>? Metrics,
        VersionRef? Version);

    public static RouteGroupBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").WithTags("Jobs").RequireAuthorization(Policies.CanView);

        jobs.MapGet("/", async (string? status, string? model, string? launchedBy, JobQueries queries, CancellationToken ct) =>
                TypedResults.Ok((await queries.ListAsync(new JobFilter(status, model, launchedBy), ct)).Select(j => ToResponse(j, null)).ToList()))
            .WithSummary("Lists jobs, newest first; filter by status (provider words), model name or launcher's user id.");

        jobs.MapGet("/{id:int}", async Task<Results<Ok<JobResponse>, ProblemHttpResult>> (int id, JobQueries queries, CancellationToken ct) =>
                await queries.GetAsync(id, ct) is { } job
                    ? TypedResults.Ok(ToResponse(job, await queries.LatestMetricsAsync(id, ct)))
                    : Problems.From(Error.NotFound($"Job {id}")))
            .WithSummary("One job: status, progress, latest metrics and the version it created.");

        jobs.MapPost("/", async Task<Results<Created<JobResponse>, ProblemHttpResult>> (
                LaunchJobRequest request, LaunchFineTuneJob launch, JobQueries queries, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var parsed = Parse(request);
                if (!parsed.Succeeded)
                {
                    return Problems.From(parsed.Error!);
                }

                var launched = await launch.LaunchAsync(parsed.Value, me.ToActor(), ct);
                if (!launched.Succeeded)
                {
                    return Problems.From(launched.Error!);
                }

                var job = (await queries.GetAsync(launched.Value, ct))!;
                return TypedResults.Created($"/api/jobs/{job.Id}", ToResponse(job, null));
            })
            .RequireAuthorization(Policies.CanLaunchJobs)
            .WithSummary("Launches a fine-tune job; a new registered model is created when the name is new.");

        jobs.MapPost("/{id:int}/cancel", async Task<Results<Ok<JobResponse>, ProblemHttpResult>> (
                int id, CancelFineTuneJob cancel, JobQueries queries, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var cancelled = await cancel.CancelAsync(id, me.ToActor(), ct);
                return cancelled.Succeeded
                    ? TypedResults.Ok(ToResponse((await queries.GetAsync(id, ct))!, null))
                    : Problems.From(cancelled.Error!);
            })
            .RequireAuthorization(Policies.CanLaunchJobs)
            .WithSummary("Asks the provider to cancel a job.");

        return jobs;
    }

    private static Result<LaunchRequest> Parse(LaunchJobRequest request)
    {
        if (request.TrainingDatasetId is not { } trainingId)
        {
            return Error.Validation("trainingDatasetId is required.", "trainingDatasetId");
        }

        var epochs = Hyperparameters.ParseEpochs(Text(request.Hyperparameters?.NEpochs));
        var batch = Hyperparameters.ParseBatchSize(Text(request.Hyperparameters?.BatchSize));
        var rate = Hyperparameters.ParseLearningRateMultiplier(Text(request.Hyperparameters?.LearningRateMultiplier));
        if ((epochs.Error ?? batch.Error ?? rate.Error) is { } invalid)
        {
            return invalid;
        }

        return new LaunchRequest(request.Model, request.BaseModel, trainingId, request.ValidationDatasetId,
            epochs.Value, batch.Value, rate.Value, request.Suffix, request.Seed, request.Notes);
    }

    private static string? Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.Number => value.Value.GetRawText(),
        JsonValueKind.String => value.Value.GetString(),
        null or JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => "invalid",
    };

    internal static JobResponse ToResponse(JobSummary job, IReadOnlyDictionary<string, double>? metrics) => new(
        job.Id,
        job.ProviderJobId,
        job.Status,
        job.ModelName,
        job.BaseModel,
        job.TrainingDatasetId,
        job.ValidationDatasetId,
        new HyperparametersResponse((object?)job.NEpochs ?? "auto", (object?)job.BatchSize ?? "auto", (object?)job.LearningRateMultiplier ?? "auto"),
        job.Suffix,
        job.Seed,
        job.Notes,
        job.FineTunedModel,
        job.TrainedTokens,
        job.EstimatedCostUsd,
        job.ActualCostUsd,
        job.ErrorMessage is null ? null : new JobErrorResponse(job.ErrorCode, job.ErrorMessage),
        job.LaunchedBy,
        job.CreatedAt,
        job.StartedAt,
        job.FinishedAt,
        new ProgressResponse(job.CurrentStep, job.TotalSteps),
        metrics,
        job.VersionNumber is { } number ? new VersionRef(job.ModelName, number) : null);
}
