using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>
/// Lets <c>dotnet ef</c> build the SQLite model without starting the web host. After a model change, from the repository root:
/// <code>dotnet ef migrations add &lt;Name&gt; --project ModelHub.Core --startup-project ModelHub.Core --context SqliteModelHubDbContext --output-dir Data/Providers/Sqlite/Migrations</code>
/// and the same for <see cref="Postgres.PostgresDesignTimeFactory"/>.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteModelHubDbContext>
{
    public SqliteModelHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteModelHubDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
