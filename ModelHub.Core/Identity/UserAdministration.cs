using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Common;

namespace ModelHub.Core.Identity;

/// <summary>What an Admin does to accounts: create, list, set roles, reset passwords, disable.</summary>
/// <remarks>Each call gets its own DI scope: Blazor circuits live long and Identity's stores hold a DbContext.</remarks>
public sealed class UserAdministration(IServiceScopeFactory scopes, AccessTokenCache tokenCache, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.ModelHubDbContext>();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var links = await db.UserRoles.AsNoTracking().ToListAsync(ct);
        var rolesByUser = links.ToLookup(l => l.UserId, l => roleNames[l.RoleId]);
        return [.. users.Select(u => ToSummary(u, [.. rolesByUser[u.Id].Order()]))];
    }

    public async Task<Result<UserSummary>> GetAsync(string userId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ModelHubUser>>();
        var user = await users.FindByIdAsync(userId);
        return user is null ? Error.NotFound($"User '{userId}'") : ToSummary(user, [.. (await users.GetRolesAsync(user)).Order()]);
    }

    public async Task<Result<UserSummary>> CreateAsync(string? email, string? password, IReadOnlyList<string>? roles, CancellationToken ct = default)
    {
        roles ??= [];
        if (string.IsNullOrWhiteSpace(email))
        {
            return Error.Validation("An e-mail address is required.", "email");
        }

        if (string.IsNullOrEmpty(password))
        {
            return Error.Validation("A password is required.", "password");
        }

        if (IdentityErrors.CheckRoles(roles) is { } badRoles)
        {
            return badRoles;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ModelHubUser>>();
        var user = new ModelHubUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return created.ToError("email");
        }

        if (roles.Count > 0)
        {
            var added = await users.AddToRolesAsync(user, roles.Distinct());
            if (!added.Succeeded)
            {
                await users.DeleteAsync(user);
                return added.ToError("roles");
            }
        }

        return ToSummary(user, [.. roles.Distinct().Order()]);
    }

    public async Task<Result<UserSummary>> SetRolesAsync(string userId, IReadOnlyList<string>? roles, string actingUserId, CancellationToken ct = default)
    {
        roles ??= [];
        if (IdentityErrors.CheckRoles(roles) is { } badRoles)
        {
            return badRoles;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ModelHubUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Error.NotFound($"User '{userId}'");
        }

        var current = await users.GetRolesAsync(user);
        if (userId == actingUserId && current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
        {
            return Error.Conflict("last-admin", "You cannot remove your own Admin role; ask another Admin to do it.");
        }

        var removed = await users.RemoveFromRolesAsync(user, current.Except(roles));
        var added = await users.AddToRolesAsync(user, roles.Distinct().Except(current));
        if (!removed.Succeeded || !added.Succeeded)
        {
            return (removed.Succeeded ? added : removed).ToError("roles");
        }

        // Role claims live in cookies and cached tokens; a new stamp makes both re-read them.
        await users.UpdateSecurityStampAsync(user);
        tokenCache.ForgetUser(userId);
        return ToSummary(user, [.. roles.Distinct().Order()]);
    }

    public async Task<Result<UserSummary>> ResetPasswordAsync(string userId, string? newPassword, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(newPassword))
        {
            return Error.Validation("A new password is required.", "password");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ModelHubUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Error.NotFound($"User '{userId}'");
        }

        var resetToken = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, resetToken, newPassword);
        if (!reset.Succeeded)
        {
            return reset.ToError("password");
        }

        return ToSummary(user, [.. (await users.GetRolesAsync(user)).Order()]);
    }

    public async Task<Result<UserSummary>> SetDisabledAsync(string userId, bool disabled, string actingUserId, CancellationToken ct = default)
    {
        if (disabled && userId == actingUserId)
        {
            return Error.Conflict("self-disable", "You cannot disable your own account.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ModelHubUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Error.NotFound($"User '{userId}'");
        }

        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        tokenCache.ForgetUser(userId);
        return ToSummary(user, [.. (await users.GetRolesAsync(user)).Order()]);
    }

    private static UserSummary ToSummary(ModelHubUser user, IReadOnlyList<string> roles) =>
        new(user.Id, user.Email ?? user.UserName ?? "", roles, user.IsDisabled, user.CreatedAt);
}
