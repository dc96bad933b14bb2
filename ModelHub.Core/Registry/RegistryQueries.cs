using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Registry;

/// <summary>A registered model as the models list shows it.</summary>
public sealed record ModelSummary(string Name, string? Description, int VersionCount, int? LatestVersion, DateTimeOffset UpdatedAt);

/// <summary>One version as the model page shows it.</summary>
public sealed record VersionRow(
    int Number,
    ModelStage Stage,
    string ProviderModelId,
    string BaseModel,
    string FinalMetricsJson,
    int JobId,
    long? TrainedTokens,
    decimal? CostUsd,
    DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>A registered model with its versions, newest first.</summary>
public sealed record ModelDetails(ModelSummary Model, IReadOnlyList<VersionRow> Versions);

/// <summary>Reads the registry for pages and the API.</summary>
public sealed class RegistryQueries(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RegisteredModels.OrderByDescending(m => m.UpdatedAt)
            .Select(m => new ModelSummary(m.Name, m.Description, m.Versions.Count, m.Versions.Max(v => (int?)v.Number), m.UpdatedAt))
            .ToListAsync(ct);
    }

    public async Task<ModelDetails?> GetModelAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.RegisteredModels.Where(m => m.Name == name)
            .Select(m => new ModelSummary(m.Name, m.Description, m.Versions.Count, m.Versions.Max(v => (int?)v.Number), m.UpdatedAt))
            .SingleOrDefaultAsync(ct);
        if (model is null)
        {
            return null;
        }

        var versions = await (
            from v in db.ModelVersions
            where v.RegisteredModel!.Name == name
            join u in db.Users on v.CreatedById equals u.Id
            orderby v.Number descending
            select new VersionRow(v.Number, v.Stage, v.ProviderModelId, v.BaseModel, v.FinalMetricsJson, v.JobId, v.TrainedTokens, v.CostUsd,
                v.CreatedAt, u.Email ?? u.UserName ?? v.CreatedById)).ToListAsync(ct);
        return new ModelDetails(model, versions);
    }
}
