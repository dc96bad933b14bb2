using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Identity;
using ModelHub.Tests.Support;

namespace ModelHub.Tests.Support;

/// <summary>
/// A bUnit test as a signed-in user (an Engineer unless told otherwise) with ModelHub's Core services over a migrated
/// SQLite file of its own; the user also exists as a database row, so pages can join on it.
/// </summary>
public abstract class SignedInComponentTest : ComponentTest, IAsyncLifetime
{
    private readonly TempFolder data = new("bunit");

    /// <param name="roles">
    /// The user's roles (Engineer when null; empty for a viewer with no role); the fake authorization grants exactly the
    /// policies those roles satisfy.
    /// </param>
    /// <param name="services">Adds what the component needs beyond Core (host services); runs before the provider is built.</param>
    protected SignedInComponentTest(string[]? roles = null, Action<IServiceCollection>? services = null)
    {
        Roles = roles ?? [ModelHub.Core.Identity.Roles.Engineer];
        Services.AddModelHubCoreForTests(data.Path);
        Services.AddUncalledProviderForTests();
        services?.Invoke(Services);
        AddAuthorization()
            .SetAuthorized(Email)
            .SetRoles([.. Roles])
            .SetPolicies([.. Policies.RolesByPolicy.Where(p => p.Value.Count == 0 || p.Value.Intersect(Roles).Any()).Select(p => p.Key)])
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
        // As in the circuit: pages subscribe to live updates only when interactive. Last, as it builds the service provider.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The signed-in user's e-mail (also their name).</summary>
    protected string Email { get; } = "ana@example.com";

    /// <summary>The signed-in user's id.</summary>
    protected string UserId { get; } = Guid.NewGuid().ToString();

    /// <summary>The signed-in user's roles.</summary>
    protected IReadOnlyList<string> Roles { get; }

    /// <summary>The test's data folder (database, dataset files).</summary>
    protected string DataFolder => data.Path;

    public virtual async Task InitializeAsync()
    {
        await Services.MigrateAsync();
        await Services.AddUserRowAsync(Email, UserId);
    }

    // MudBlazor registers services that are only async-disposable.
    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TestDatabase.Release(data.Path);
        data.Dispose();
    }
}
