using ModelHub.Core.Data;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Databases.Integration;

/// <summary><c>ModelHub:Database:Provider</c> and <c>ConnectionStrings:ModelHub</c> at start-up.</summary>
public sealed class DatabaseProviderSettingTests
{
    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_a_message_naming_the_setting_and_the_choices()
    {
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?> { ["ModelHub:Database:Provider"] = "Oracle" });

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("ModelHub:Database:Provider must be Sqlite or Postgres, not 'Oracle'", refused.ToString());
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_start_up_naming_the_missing_setting()
    {
        await using var app = new ModelHubFactory(settings: new Dictionary<string, string?>
        {
            ["ModelHub:Database:Provider"] = "Postgres",
            ["ConnectionStrings:ModelHub"] = "",
        });

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("ConnectionStrings:ModelHub is not set", refused.ToString());
    }

    [Fact]
    public async Task The_provider_name_is_not_case_sensitive_and_postgres_serves_readiness()
    {
        await using var app = new ModelHubFactory(provider: DatabaseProvider.Postgres, settings: new Dictionary<string, string?> { ["ModelHub:Database:Provider"] = "postgres" });

        var ready = await app.CreateClient().GetAsync("/readyz");

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"database\"", await ready.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task On_postgres_a_first_start_migrates_a_missing_or_empty_database_without_logging_errors(bool emptyDatabaseExists)
    {
        var name = $"first_start_{Environment.ProcessId}_{Guid.NewGuid():N}";
        var connectionString = PostgresCluster.Instance.ConnectionString(name);
        if (emptyDatabaseExists)
        {
            // As compose's PostgreSQL leaves it (POSTGRES_DB): the database is there, without a single table.
            await using var admin = new Npgsql.NpgsqlConnection(PostgresCluster.Instance.ConnectionString("postgres") + ";Pooling=false");
            await admin.OpenAsync();
            await using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            await using var app = new ModelHubFactory(provider: DatabaseProvider.Postgres, settings: new Dictionary<string, string?> { ["ConnectionStrings:ModelHub"] = connectionString });

            var ready = await app.CreateClient().GetAsync("/readyz");

            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            // A missing or empty database is the normal first start, not a failure an operator should be paged about.
            var errors = app.Logs.Lines.Where(line => line.StartsWith("Error", StringComparison.Ordinal) || line.StartsWith("Critical", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            Assert.Equal(!emptyDatabaseExists, app.Logs.Lines.Any(line => line.Contains("Creating the database", StringComparison.Ordinal)));
        }
        finally
        {
            PostgresCluster.Instance.DropDatabase(connectionString);
        }
    }
}
