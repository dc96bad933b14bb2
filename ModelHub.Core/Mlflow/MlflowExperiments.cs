using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Mlflow;

/// <summary>Creates, renames, deletes, restores and reads MLflow experiments.</summary>
public sealed class MlflowExperiments(IDbContextFactory<ModelHubDbContext> dbFactory, JobExperiments jobExperiments, TimeProvider time)
{
    /// <summary>The experiment every run lands in when the client names none (MLflow's "Default", id 0 there).</summary>
    public const string DefaultName = "Default";

    public async Task<Result<string>> CreateAsync(string? name, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MlflowExperiment.MaxNameLength)
        {
            return MlflowErrors.Invalid($"An experiment name is required, at most {MlflowExperiment.MaxNameLength} characters.", "name");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.MlflowExperiments.AnyAsync(e => e.Name == name, ct))
        {
            return MlflowErrors.AlreadyExists($"An experiment named '{name}' already exists.");
        }

        var now = time.GetUtcNow();
        var experiment = new MlflowExperiment { Name = name, CreatedAt = now, UpdatedAt = now };
        db.MlflowExperiments.Add(experiment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return MlflowErrors.AlreadyExists($"An experiment named '{name}' already exists.");
        }

        return Id(experiment.Id);
    }

    public async Task<Result<ExperimentView>> GetAsync(string? experimentId, CancellationToken ct = default)
    {
        if (ParseId(experimentId) is not { } id)
        {
            return NotFound(experimentId);
        }

        await jobExperiments.EnsureAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.MlflowExperiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        return experiment is null ? NotFound(experimentId) : View(experiment);
    }

    public async Task<Result<ExperimentView>> GetByNameAsync(string? name, CancellationToken ct = default)
    {
        await jobExperiments.EnsureAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var experiment = await db.MlflowExperiments.AsNoTracking().SingleOrDefaultAsync(e => e.Name == name, ct);
        return experiment is null ? Error.NotFound($"Experiment '{name}'") : View(experiment);
    }

    /// <summary>Experiments matching <c>name</c> conditions, by name.</summary>
    public async Task<Result<Page<ExperimentView>>> SearchAsync(string? filter, long? maxResults, string? pageToken, string? viewType, CancellationToken ct = default)
    {
        var conditions = MlflowFilter.Parse(filter);
        var max = PageToken.MaxResults(maxResults, 1000, 50000);
        var offset = PageToken.Decode(pageToken);
        if (!conditions.Succeeded || !max.Succeeded || !offset.Succeeded)
        {
            return (conditions.Error ?? max.Error ?? offset.Error)!;
        }

        await jobExperiments.EnsureAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.MlflowExperiments.AsNoTracking();
        query = MlflowViewTypes.Parse(viewType) switch
        {
            MlflowViewType.ActiveOnly => query.Where(e => e.LifecycleStage == MlflowLifecycle.Active),
            MlflowViewType.DeletedOnly => query.Where(e => e.LifecycleStage == MlflowLifecycle.Deleted),
            _ => query,
        };
        foreach (var c in conditions.Value)
        {
            if (c is not { Target: FilterTarget.Attribute, Key: "name" })
            {
                return MlflowFilter.Invalid($"Experiments can be filtered by name only; '{c.Key}' is not supported.");
            }

            query = c.Op switch
            {
                "=" => query.Where(e => e.Name == c.Value),
                "!=" => query.Where(e => e.Name != c.Value),
                "ILIKE" => query.Where(e => EF.Functions.Like(e.Name.ToLower(), c.Value.ToLowerInvariant())),
                _ => query.Where(e => EF.Functions.Like(e.Name, c.Value)),
            };
        }

        var rows = await query.OrderBy(e => e.Name).Skip(offset.Value).Take(max.Value).ToListAsync(ct);
        return new Page<ExperimentView>([.. rows.Select(View)], PageToken.Encode(offset.Value, max.Value, rows.Count));
    }

    public Task<Result<bool>> RenameAsync(string? experimentId, string? newName, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(newName) || newName.Length > MlflowExperiment.MaxNameLength
            ? Task.FromResult<Result<bool>>(MlflowErrors.Invalid("new_name is required.", "new_name"))
            : ChangeAsync(experimentId, e => e.Name = newName, ct);

    public Task<Result<bool>> DeleteAsync(string? experimentId, CancellationToken ct = default) =>
        ChangeAsync(experimentId, e => e.LifecycleStage = MlflowLifecycle.Deleted, ct);

    public Task<Result<bool>> RestoreAsync(string? experimentId, CancellationToken ct = default) =>
        ChangeAsync(experimentId, e => e.LifecycleStage = MlflowLifecycle.Active, ct);

    private async Task<Result<bool>> ChangeAsync(string? experimentId, Action<MlflowExperiment> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = ParseId(experimentId);
        var experiment = id is null ? null : await db.MlflowExperiments.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (experiment is null)
        {
            return NotFound(experimentId);
        }

        change(experiment);
        experiment.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return MlflowErrors.AlreadyExists($"An experiment named '{experiment.Name}' already exists.");
        }

        return true;
    }

    /// <summary>The id of the experiment called <paramref name="name"/>, created when missing.</summary>
    public async Task<int> EnsureAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.MlflowExperiments.Where(e => e.Name == name).Select(e => (int?)e.Id).SingleOrDefaultAsync(ct) is { } id)
        {
            return id;
        }

        var created = await CreateAsync(name, ct);
        return created.Succeeded ? int.Parse(created.Value, CultureInfo.InvariantCulture) : await EnsureAsync(name, ct);
    }

    public static int? ParseId(string? experimentId) =>
        int.TryParse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static string ArtifactRoot(int experimentId) => $"mlflow-artifacts:/{Id(experimentId)}";

    private static Error NotFound(string? experimentId) => Error.NotFound($"Experiment '{experimentId}'");

    private static ExperimentView View(MlflowExperiment e) =>
        new(Id(e.Id), e.Name, ArtifactRoot(e.Id), e.LifecycleStage, MlflowTime.Millis(e.CreatedAt), MlflowTime.Millis(e.UpdatedAt), []);
}

/// <summary>MLflow's <c>view_type</c> / <c>run_view_type</c>.</summary>
public enum MlflowViewType
{
    ActiveOnly,
    DeletedOnly,
    All,
}

