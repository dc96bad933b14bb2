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
}
