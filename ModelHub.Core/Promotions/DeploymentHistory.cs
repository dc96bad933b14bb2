using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data;

namespace ModelHub.Core.Promotions;

/// <summary>One production period as shown: <see cref="To"/> is null while it lasts.</summary>
public sealed record DeploymentView(int Version, string ProviderModelId, DateTimeOffset From, DateTimeOffset? To, string By, string? Reason, string Kind);

/// <summary>What was in production when: the timeline, or the one period covering a given instant.</summary>
public sealed class DeploymentHistory(IDbContextFactory<ModelHubDbContext> dbFactory)
{
    /// <summary>The model's production periods, newest first (only the one covering <paramref name="at"/> when given); null when the model does not exist.</summary>
    public async Task<IReadOnlyList<DeploymentView>?> ListAsync(string modelName, DateTimeOffset? at = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modelId = await db.RegisteredModels.Where(m => m.Name == modelName).Select(m => (int?)m.Id).SingleOrDefaultAsync(ct);
        if (modelId is null)
        {
            return null;
        }

        var query = db.Deployments.Where(d => d.RegisteredModelId == modelId);
        if (at is { } instant)
        {
            query = query.Where(d => d.From <= instant && (d.To == null || d.To > instant));
        }

        var rows = await (
            from d in query
            join v in db.ModelVersions on d.ModelVersionId equals v.Id
            join u in db.Users on d.ById equals u.Id
            select new { d, v.Number, u.Email }).ToListAsync(ct);
        return rows.OrderByDescending(r => r.d.From).ThenByDescending(r => r.d.Id)
            .Select(r => new DeploymentView(r.Number, r.d.ProviderModelId, r.d.From, r.d.To, r.Email ?? r.d.ById, r.d.Reason, r.d.Kind))
            .ToList();
    }
}
