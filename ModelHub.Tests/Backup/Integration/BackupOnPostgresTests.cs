using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ModelHub.Core.Data;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Backup.Integration;

/// <summary>ModelHub's backup copies a SQLite file; on PostgreSQL it says so instead of failing.</summary>
public sealed class BackupOnPostgresTests : IAsyncLifetime
{
    private readonly ModelHubFactory app = new(provider: DatabaseProvider.Postgres);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Creating_a_backup_on_postgres_is_refused_with_409_naming_pg_dump()
    {
        var admin = await app.CreateUserAsync("admin@example.com", "correct-horse-battery-7", Roles.Admin);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.IssueTokenAsync(admin.Id));

        var refused = await api.PostAsync("/api/admin/backup", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("pg_dump", problem.GetProperty("detail").GetString());
        Assert.False(Directory.Exists(Path.Combine(app.DataFolder, "backups")) && Directory.EnumerateFiles(Path.Combine(app.DataFolder, "backups")).Any());
    }
}
