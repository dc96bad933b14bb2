using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelHub.Core.Data.Providers.Postgres;

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL model with no server running (adding a migration never connects). After a
/// model change, from the repository root:
/// <code>dotnet ef migrations add &lt;Name&gt; --project ModelHub.Core --startup-project ModelHub.Core --context PostgresModelHubDbContext --output-dir Data/Providers/Postgres/Migrations</code>
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresModelHubDbContext>
{
    public PostgresModelHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresModelHubDbContext>().UseNpgsql("Host=localhost;Database=modelhub_design_time").Options);
}
