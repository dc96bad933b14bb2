using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// Registers the next version of a model from an MLflow run (model-versions/create): the same ModelVersion row, stage
/// history, audit entry and alias-cache invalidation as a version a fine-tune job registers. Its provider model id comes
/// from, in order, the run's <c>fine_tuned_model</c> param or tag, a <c>model_metadata.json</c> artifact naming
/// <c>fine_tuned_model</c>, or the version tag <c>modelhub.provider_model_id</c>; for a ModelHub job's run
/// (<c>mhjob-{id}</c>) from the job's fine-tuned model.
/// </summary>
public sealed class RegisterRunVersion(IDbContextFactory<ModelHubDbContext> dbFactory, AuditLog audit, AliasResolutionCache aliasCache, MlflowArtifactStore artifacts, TimeProvider time)
{
    public const string FineTunedModelKey = "fine_tuned_model";
    private static readonly string[] BaseModelKeys = ["base_model", "model_base"];

    /// <summary>What model-versions/create sends.</summary>
    public sealed record Request(string Model, string? Source, string? RunId, string? Description, IReadOnlyList<KeyValue> Tags);

    public async Task<Result<int>> RegisterAsync(Request request, Actor actor, CancellationToken ct = default)
    {
        if (request.Description is { Length: > 4000 })
        {
            return MlflowErrors.Invalid("The description is longer than 4000 characters.", "description");
        }

        if (request.Tags.FirstOrDefault(t => t.Key.Length is 0 or > MlflowParam.MaxKeyLength || t.Value.Length > MlflowRunTag.MaxValueLength) is { } badTag)
        {
            return MlflowErrors.Invalid($"Tag '{badTag.Key}' is invalid.", "tags");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == request.Model, ct);
        if (model is null)
        {
            return Error.NotFound($"Registered model '{request.Model}'");
        }

        var runId = string.IsNullOrEmpty(request.RunId) ? RunIdFromSource(request.Source) : request.RunId;
        MlflowRun? run = null;
        Dictionary<string, string> values = new(StringComparer.Ordinal);
        if (JobRuns.JobId(runId) is { } jobId)
        {
            // A ModelHub job's run: its fine-tuned model and base model are the job's own record.
            var job = await db.FineTuneJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => new { j.Status, j.FineTunedModel, j.BaseModel }).SingleOrDefaultAsync(ct);
            if (job is null)
            {
                return MlflowRuns.RunNotFound(runId);
            }

            if (job.FineTunedModel is null)
            {
                return MlflowErrors.Invalid($"Run {runId} is ModelHub fine-tune job {jobId}, which is {job.Status}: only a succeeded job has a fine-tuned model to register.", "run_id");
            }

            values[FineTunedModelKey] = job.FineTunedModel;
            values[BaseModelKeys[0]] = job.BaseModel;
        }
        else if (runId is not null)
        {
            run = await db.MlflowRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct);
            if (run is null)
            {
                return MlflowRuns.RunNotFound(runId);
            }

            // Tags first, params over them: a param is what the pipeline trained with.
            foreach (var tag in await db.MlflowRunTags.AsNoTracking().Where(t => t.RunId == runId).ToListAsync(ct))
            {
                values[tag.Key] = tag.Value;
            }

            foreach (var param in await db.MlflowParams.AsNoTracking().Where(p => p.RunId == runId).ToListAsync(ct))
            {
                values[param.Key] = param.Value;
            }
        }

        var providerModelId = values.GetValueOrDefault(FineTunedModelKey)
            ?? (run is null ? null : await artifacts.FineTunedModelAsync(run.ExperimentId, run.Id, ct))
            ?? request.Tags.LastOrDefault(t => t.Key == MlflowVersionTag.ProviderModelIdKey)?.Value;
        if (string.IsNullOrWhiteSpace(providerModelId) || providerModelId.Length > 300)
        {
            return MlflowErrors.Invalid(
                "ModelHub needs the provider model id applications will call: log it as the run's 'fine_tuned_model' param or tag, " +
                "log a model_metadata.json artifact with \"fine_tuned_model\", or set the version tag 'modelhub.provider_model_id'.", "run_id");
        }

        var baseModel = BaseModelKeys.Select(values.GetValueOrDefault).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? "unknown";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRegisterAsync(db, model, run, JobRuns.JobId(runId) is null ? null : runId, request, providerModelId, baseModel.Length > 200 ? baseModel[..200] : baseModel, actor, ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Two registrations raced for the same number: the unique index decided, the loser takes the next one.
                db.ChangeTracker.Clear();
                model = await db.RegisteredModels.SingleAsync(m => m.Id == model.Id, ct);
            }
        }
    }

    private async Task<Result<int>> TryRegisterAsync(
        ModelHubDbContext db, RegisteredModel model, MlflowRun? run, string? jobRunId, Request request, string providerModelId, string baseModel, Actor actor, CancellationToken ct)
    {
        var number = (await db.ModelVersions.Where(v => v.RegisteredModelId == model.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
        var now = time.GetUtcNow();
        var version = new ModelVersion
        {
            RegisteredModelId = model.Id,
            Number = number,
            ProviderModelId = providerModelId,
            BaseModel = baseModel,
            FinalMetricsJson = "{}",
            Description = request.Description,
            CreatedById = actor.Id!,
            CreatedAt = now,
        };
        db.ModelVersions.Add(version);
        db.StageTransitions.Add(new StageTransition { ModelVersion = version, From = null, To = ModelStage.None, At = now, ById = actor.Id!, Reason = "Registered through MLflow" });
        model.UpdatedAt = now;
        var registered = await audit.WriteAsync(db, async trail =>
        {
            await db.SaveChangesAsync(ct);
            db.MlflowVersionSources.Add(new MlflowVersionSource { ModelVersionId = version.Id, RunId = run?.Id ?? jobRunId, Source = Clip(request.Source ?? "", 1000) });
            foreach (var tag in request.Tags.DistinctBy(t => t.Key))
            {
                db.MlflowVersionTags.Add(new MlflowVersionTag { ModelVersionId = version.Id, Key = tag.Key, Value = tag.Value });
            }

            trail.Add(new AuditRecord(actor, AuditActions.VersionRegistered, AuditObjects.Version, $"{model.Name}:{number}", $"{model.Name} v{number}")
            {
                After = AuditRecord.ToJson(new { providerModelId, mlflowRunId = run?.Id ?? jobRunId, source = request.Source, stage = version.Stage.ToString() }),
            });
            return number;
        }, ct);

        // "latest" now resolves to this version.
        aliasCache.Invalidate(model.Name);
        return registered;
    }

    /// <summary>The run id in <c>runs:/{id}/…</c> or <c>mlflow-artifacts:/{experiment}/{id}/artifacts/…</c>; null otherwise.</summary>
    public static string? RunIdFromSource(string? source)
    {
        if (source is null)
        {
            return null;
        }

        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            return source["runs:/".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        }

        if (source.StartsWith("mlflow-artifacts:/", StringComparison.Ordinal))
        {
            var parts = source["mlflow-artifacts:/".Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? parts[1] : null;
        }

        return null;
    }

    private static string Clip(string s, int max) => s.Length > max ? s[..max] : s;
}
