using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;
using ModelHub.Core.Promotions;
using ModelHub.Core.Realtime;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Mlflow;

/// <summary>
/// MLflow's registry writes mapped onto ModelHub's use cases, under ModelHub's governance: stage moves go through
/// <see cref="ChangeStage"/>, Production only through a reviewed <see cref="RequestPromotion"/>, aliases through
/// <see cref="SetModelAlias"/>; nothing that serves production is deleted or renamed from a script.
/// </summary>
public sealed class MlflowRegistry(
    IDbContextFactory<ModelHubDbContext> dbFactory,
    AuditLog audit,
    CreateRegisteredModel createModel,
    ChangeStage changeStage,
    RequestPromotion requestPromotion,
    SetModelAlias setAlias,
    RemoveModelAlias removeAlias,
    AliasResolutionCache cache,
    IUpdateBus bus,
    TimeProvider time)
{
    public const string ModelUpdated = "model.updated";
    public const string VersionUpdated = "version.updated";
    public const string ModelRenamed = "model.renamed";

    public async Task<Result<string>> CreateModelAsync(string? name, string? description, IReadOnlyList<KeyValue> tags, Actor actor, CancellationToken ct = default)
    {
        var created = await createModel.CreateAsync(name, description, actor, ct);
        if (!created.Succeeded)
        {
            return created.Error!.Code == "model-exists" ? MlflowErrors.AlreadyExists(created.Error.Message) : created.Error;
        }

        foreach (var tag in tags.DistinctBy(t => t.Key))
        {
            await SetModelTagAsync(name, tag.Key, tag.Value, ct);
        }

        return created;
    }

    public async Task<Result<bool>> UpdateModelAsync(string? name, string? description, Actor actor, CancellationToken ct = default)
    {
        if (description is { Length: > 4000 })
        {
            return MlflowErrors.Invalid("The description is longer than 4000 characters.", "description");
        }

        return await audit.WriteAsync<Result<bool>>(async (db, trail) =>
        {
            var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == name, ct);
            if (model is null)
            {
                return MlflowRegistryQueries.ModelNotFound(name);
            }

            var before = model.Description;
            model.Description = description;
            model.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, ModelUpdated, AuditObjects.Model, model.Id.ToString(CultureInfo.InvariantCulture), model.Name)
            {
                Before = AuditRecord.ToJson(new { description = before }),
                After = AuditRecord.ToJson(new { description }),
            });
            return true;
        }, ct);
    }

    /// <summary>
    /// Renames a model that has no versions yet: nothing resolves <c>name/alias</c> for it, so nothing breaks. A model with
    /// versions is refused (applications resolve it by name). The experiment its fine-tune jobs answer in, named after
    /// the model, is renamed in the same transaction, so the job runs keep their experiment, id and all.
    /// </summary>
    public async Task<Result<bool>> RenameModelAsync(string? name, string? newName, Actor actor, CancellationToken ct = default)
    {
        if (RegisteredModel.CheckName(newName) is { } invalid)
        {
            return MlflowErrors.Invalid(invalid.Message, "new_name");
        }

        var renamed = await audit.WriteAsync<Result<bool>>(async (db, trail) =>
        {
            var model = await db.RegisteredModels.SingleOrDefaultAsync(m => m.Name == name, ct);
            if (model is null)
            {
                return MlflowRegistryQueries.ModelNotFound(name);
            }

            if (newName == name)
            {
                return true;
            }

            if (await db.ModelVersions.AnyAsync(v => v.RegisteredModelId == model.Id, ct))
            {
                return MlflowErrors.Refused(
                    $"ModelHub does not rename a model with versions: applications resolve '{name}/<alias>' (production, staging, latest and custom aliases) through the resolve API, " +
                    $"and renaming to '{newName}' would break every one of them. Register a new model under the new name instead.");
            }

            if (await db.RegisteredModels.AnyAsync(m => m.Name == newName, ct))
            {
                return MlflowErrors.AlreadyExists($"Registered model '{newName}' already exists.");
            }

            var experiment = await db.MlflowExperiments.SingleOrDefaultAsync(e => e.Name == name, ct);
            if (experiment is not null && await db.MlflowExperiments.AnyAsync(e => e.Name == newName, ct))
            {
                return MlflowErrors.AlreadyExists(
                    $"Experiment '{newName}' already exists: the runs of '{name}' (experiment '{name}') would have to move into it. Rename or delete that experiment first.");
            }

            var now = time.GetUtcNow();
            model.Name = newName!;
            model.UpdatedAt = now;
            if (experiment is not null)
            {
                experiment.Name = newName!;
                experiment.UpdatedAt = now;
            }

            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, ModelRenamed, AuditObjects.Model, model.Id.ToString(CultureInfo.InvariantCulture), newName!)
            {
                Before = AuditRecord.ToJson(new { name }),
                After = AuditRecord.ToJson(new { name = newName, experimentId = experiment?.Id }),
            });
            return true;
        }, ct);
        if (renamed.Succeeded && newName != name)
        {
            DetailsChanged(name!);
            DetailsChanged(newName!);
        }

        return renamed;
    }

    /// <summary>Refused: ModelHub keeps every model and version for its audit trail and lineage.</summary>
    public async Task<Result<bool>> DeleteModelAsync(string? name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.Where(m => m.Name == name)
            .Select(m => new { m.Id, Production = db.ModelVersions.Where(v => v.RegisteredModelId == m.Id && v.Stage == ModelStage.Production).Select(v => (int?)v.Number).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (model is null)
        {
            return MlflowRegistryQueries.ModelNotFound(name);
        }

        return MlflowErrors.Refused(model.Production is { } live
            ? $"Model '{name}' serves production with version {live}; ModelHub never deletes a model in production. Roll back or archive it through ModelHub's reviewed process first."
            : $"ModelHub never deletes registered models: their versions, stage history and audit trail are kept. Archive the versions (transition-stage to Archived) instead.");
    }

    public async Task<Result<bool>> UpdateVersionAsync(string? name, string? version, string? description, Actor actor, CancellationToken ct = default)
    {
        if (MlflowRegistryQueries.ParseVersion(version) is not { } number)
        {
            return MlflowRegistryQueries.InvalidVersion(version);
        }

        if (description is { Length: > 4000 })
        {
            return MlflowErrors.Invalid("The description is longer than 4000 characters.", "description");
        }

        var updated = await audit.WriteAsync<Result<bool>>(async (db, trail) =>
        {
            var row = await db.ModelVersions.Named(name ?? "", number).SingleOrDefaultAsync(ct);
            if (row is null)
            {
                return MlflowRegistryQueries.VersionNotFound(name, number);
            }

            var before = row.Description;
            row.Description = description;
            await db.SaveChangesAsync(ct);
            trail.Add(new AuditRecord(actor, VersionUpdated, AuditObjects.Version, row.Id.ToString(CultureInfo.InvariantCulture), $"{name} v{number}")
            {
                Before = AuditRecord.ToJson(new { description = before }),
                After = AuditRecord.ToJson(new { description }),
            });
            return true;
        }, ct);
        if (updated.Succeeded)
        {
            DetailsChanged(name!);
        }

        return updated;
    }

    /// <summary>Refused: a version in production is retired only through ModelHub; other versions are archived, not deleted.</summary>
    public async Task<Result<bool>> DeleteVersionAsync(string? name, string? version, CancellationToken ct = default)
    {
        if (MlflowRegistryQueries.ParseVersion(version) is not { } number)
        {
            return MlflowRegistryQueries.InvalidVersion(version);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stage = await db.ModelVersions.Named(name ?? "", number).Select(v => (ModelStage?)v.Stage).SingleOrDefaultAsync(ct);
        return stage switch
        {
            null => MlflowRegistryQueries.VersionNotFound(name, number),
            ModelStage.Production => MlflowErrors.Refused(
                $"Version {number} of '{name}' serves production; ModelHub never deletes it. Promote another version through a reviewed promotion request, or have OnCall roll back, first."),
            _ => MlflowErrors.Refused(
                $"ModelHub never deletes model versions (their lineage and audit trail are kept); transition version {number} to Archived instead."),
        };
    }

    /// <summary>
    /// Staging, None and Archived are the UI's stage moves. Production needs a reviewer: a Staging version with a passed
    /// gate run gets a promotion request and the call is refused with its number and URL; otherwise the refusal says what is missing.
    /// </summary>
    public async Task<Result<ModelStage>> TransitionAsync(string? name, string? version, string? stage, Actor actor, string approvalsUrl, CancellationToken ct = default)
    {
        if (MlflowRegistryQueries.ParseVersion(version) is not { } number)
        {
            return MlflowRegistryQueries.InvalidVersion(version);
        }

        if (MlflowRegistryQueries.ParseStage(stage) is not { } to)
        {
            return MlflowRegistryQueries.InvalidStage(stage);
        }

        if (to != ModelStage.Production)
        {
            var changed = await changeStage.ChangeAsync(name ?? "", number, to, "Through the MLflow API", actor, ct);
            return changed.Succeeded ? changed.Value.Stage : Translate(changed.Error!, name, number);
        }

        var requested = await requestPromotion.RequestAsync(name ?? "", number, "Requested through MLflow transition-stage to Production", actor, ct);
        if (requested.Succeeded)
        {
            return MlflowErrors.Refused(
                $"Version {number} of '{name}' was not moved to Production: ModelHub requires a reviewer's approval. " +
                $"Promotion request #{requested.Value} was created and waits for a reviewer at {approvalsUrl}; once approved, " +
                $"'{name}@production' resolves to version {number}.");
        }

        var error = requested.Error!;
        return error.Code switch
        {
            "not-found" => MlflowRegistryQueries.VersionNotFound(name, number),
            "request-pending" => MlflowErrors.Refused(
                $"Version {number} of '{name}' was not moved to Production: it already has a promotion request waiting for a reviewer at {approvalsUrl}."),
            _ => MlflowErrors.Refused(
                $"Version {number} of '{name}' was not moved to Production: ModelHub promotes only a Staging version with a passed gate run, through a reviewed promotion request. " +
                $"Missing: {error.Message}"),
        };
    }

    public async Task<Result<bool>> SetAliasAsync(string? name, string? alias, string? version, Actor actor, CancellationToken ct = default)
    {
        if (MlflowRegistryQueries.ParseVersion(version) is not { } number)
        {
            return MlflowRegistryQueries.InvalidVersion(version);
        }

        if (StageAliasRefusal(name, alias) is { } refused)
        {
            return refused;
        }

        var set = await setAlias.SetAsync(name ?? "", alias ?? "", number, actor, ct);
        return set.Succeeded ? true : Translate(set.Error!, name, number);
    }

    public async Task<Result<bool>> DeleteAliasAsync(string? name, string? alias, Actor actor, CancellationToken ct = default)
    {
        if (StageAliasRefusal(name, alias) is { } refused)
        {
            return refused;
        }

        var removed = await removeAlias.RemoveAsync(name ?? "", alias ?? "", actor, ct);
        return removed.Succeeded ? true : removed.Error!;
    }

    public async Task<Result<bool>> SetModelTagAsync(string? name, string? key, string? value, CancellationToken ct = default)
    {
        if (CheckTag(key, value) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return MlflowRegistryQueries.ModelNotFound(name);
        }

        var row = await db.MlflowModelTags.SingleOrDefaultAsync(t => t.RegisteredModelId == modelId && t.Key == key, ct);
        if (row is null)
        {
            db.MlflowModelTags.Add(new MlflowModelTag { RegisteredModelId = modelId.Value, Key = key!, Value = value ?? "" });
        }
        else
        {
            row.Value = value ?? "";
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<Result<bool>> DeleteModelTagAsync(string? name, string? key, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == name).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return MlflowRegistryQueries.ModelNotFound(name);
        }

        await db.MlflowModelTags.Where(t => t.RegisteredModelId == modelId && t.Key == key).ExecuteDeleteAsync(ct);
        return true;
    }

    public async Task<Result<bool>> SetVersionTagAsync(string? name, string? version, string? key, string? value, CancellationToken ct = default)
    {
        if (CheckTag(key, value) is { } invalid)
        {
            return invalid;
        }

        if (key == MlflowVersionTag.ProviderModelIdKey)
        {
            return MlflowErrors.Refused($"'{key}' is fixed when a version is registered: applications resolve it, so changing it would change what production calls. Register a new version instead.");
        }

        var versionId = await VersionIdAsync(name, version, ct);
        if (!versionId.Succeeded)
        {
            return versionId.Error!;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.MlflowVersionTags.SingleOrDefaultAsync(t => t.ModelVersionId == versionId.Value && t.Key == key, ct);
        if (row is null)
        {
            db.MlflowVersionTags.Add(new MlflowVersionTag { ModelVersionId = versionId.Value, Key = key!, Value = value ?? "" });
        }
        else
        {
            row.Value = value ?? "";
        }

        await db.SaveChangesAsync(ct);
        DetailsChanged(name!);
        return true;
    }

    public async Task<Result<bool>> DeleteVersionTagAsync(string? name, string? version, string? key, CancellationToken ct = default)
    {
        var versionId = await VersionIdAsync(name, version, ct);
        if (!versionId.Succeeded)
        {
            return versionId.Error!;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.MlflowVersionTags.Where(t => t.ModelVersionId == versionId.Value && t.Key == key).ExecuteDeleteAsync(ct) > 0)
        {
            DetailsChanged(name!);
        }

        return true;
    }

    private async Task<Result<int>> VersionIdAsync(string? name, string? version, CancellationToken ct)
    {
        if (MlflowRegistryQueries.ParseVersion(version) is not { } number)
        {
            return MlflowRegistryQueries.InvalidVersion(version);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.ModelVersions.Named(name ?? "", number).Select(v => (int?)v.Id).SingleOrDefaultAsync(ct);
        return id is null ? MlflowRegistryQueries.VersionNotFound(name, number) : id.Value;
    }

    /// <summary>A version's description or tags committed: the cached answers that show them go, here and (through the bus) elsewhere.</summary>
    private void DetailsChanged(string model)
    {
        cache.Invalidate(model);
        bus.Publish(new ModelVersionDetailsChanged(Topics.Model(model), model));
    }

    private static Error? StageAliasRefusal(string? name, string? alias) => alias?.ToLowerInvariant() switch
    {
        ModelAlias.Production => MlflowErrors.Refused(
            $"'production' follows the Production stage of '{name}' and moves only when a reviewer approves a promotion request. " +
            "Call transition-stage to Production on a Staging version with a passed gate run: ModelHub then opens the request."),
        ModelAlias.Staging => MlflowErrors.Refused(
            $"'staging' follows the Staging stage of '{name}'; call transition-stage to Staging instead."),
        _ => null,
    };

    private static Error? CheckTag(string? key, string? value) =>
        string.IsNullOrEmpty(key) || key.Length > MlflowParam.MaxKeyLength || value is { Length: > MlflowRunTag.MaxValueLength }
            ? MlflowErrors.Invalid($"Tag keys are 1–{MlflowParam.MaxKeyLength} characters and values at most {MlflowRunTag.MaxValueLength}.", "key")
            : null;

    private static Error Translate(Error error, string? name, int number) => error.Code switch
    {
        "not-found" => error.Target == "version" || error.Message.StartsWith("Version", StringComparison.Ordinal)
            ? MlflowRegistryQueries.VersionNotFound(name, number)
            : MlflowRegistryQueries.ModelNotFound(name),
        "invalid-transition" => MlflowErrors.InvalidState(error.Message),
        _ => error,
    };
}
