using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ModelHub.Core.Data.Providers.Postgres;

/// <summary>The PostgreSQL database: the context its migrations (in <c>Migrations/</c>) belong to.</summary>
public sealed class PostgresModelHubDbContext(DbContextOptions<PostgresModelHubDbContext> options) : ModelHubDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // timestamptz holds an instant and Npgsql refuses to write a non-UTC offset: normalise every time written or
        // compared (a filter parsed with "+02:00" is the same instant in UTC).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstant>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcInstant>();
    }

    private sealed class UtcInstant() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
}
