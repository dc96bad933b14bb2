using Microsoft.EntityFrameworkCore;

namespace ModelHub.Core.Data;

/// <summary>
/// Hands out the provider's own context (pooled, with its migrations) as the <see cref="ModelHubDbContext"/> that the
/// rest of ModelHub asks for.
/// </summary>
internal sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ModelHubDbContext>
    where TContext : ModelHubDbContext
{
    public ModelHubDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<ModelHubDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
