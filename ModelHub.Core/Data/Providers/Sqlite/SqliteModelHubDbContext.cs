using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ModelHub.Core.Data.Providers.Sqlite;

/// <summary>The SQLite database: the context its migrations (in <c>Migrations/</c>) belong to.</summary>
public sealed class SqliteModelHubDbContext(DbContextOptions<SqliteModelHubDbContext> options) : ModelHubDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no native DateTimeOffset: store UTC ticks so ordering and range filters run in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
