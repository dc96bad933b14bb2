using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Identity;

/// <summary>The first-run rule: an Admin can be created without signing in only while no user exists.</summary>
public sealed class FirstRunSetup(IDbContextFactory<ModelHubDbContext> dbFactory, UserAdministration users)
{
    // One gate per process: two setup posts racing each other must yield exactly one Admin.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public async Task<bool> IsRequiredAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return !await db.Users.AnyAsync(ct);
    }

    /// <summary>Creates the first Admin, or refuses with <c>setup-done</c> when any user already exists.</summary>
    public async Task<Result<UserSummary>> CreateFirstAdminAsync(string? email, string? password, CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (!await IsRequiredAsync(ct))
            {
                return Error.Conflict("setup-done", "ModelHub is already set up; sign in instead.");
            }

            return await users.CreateAsync(email, password, [Roles.Admin], Actor.System, ct);
        }
        finally
        {
            Gate.Release();
        }
    }
}
