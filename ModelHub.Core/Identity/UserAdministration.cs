using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelHub.Core.Audit;
using ModelHub.Core.Common;
using ModelHub.Core.Data;

namespace ModelHub.Core.Identity;

/// <summary>What an Admin does to accounts: create, list, set roles, reset passwords, disable.</summary>
/// <remarks>
/// Each call gets its own DI scope: Blazor circuits live long and Identity's stores hold a DbContext. Changes run
/// through <see cref="AuditLog"/> on that same scoped context, so the user change and its entry commit together.
/// </remarks>
public sealed class UserAdministration(IServiceScopeFactory scopes, AccessTokenCache tokenCache, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
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

    public async Task<Result<UserSummary>> CreateAsync(string? email, string? password, IReadOnlyList<string>? roles, Actor actor, CancellationToken ct = default)
    {
        roles ??= [];
        if (string.IsNullOrWhiteSpace(email))
        {
            return Error.Validation("An e-mail address is required.", "email");
        }

        if (InputLimits.Name(email, "email", "The e-mail address") is { } badEmail)
        {
            return badEmail;
        }

        if (string.IsNullOrEmpty(password))
        {
            return Error.Validation("A password is required.", "password");
        }

        if (IdentityErrors.CheckRoles(roles) is { } badRoles)
        {
            return badRoles;
        }

        return await ChangeAsync<UserSummary>(async (users, trail) =>
        {
            var user = new ModelHubUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return created.ToError("email");
            }

            var distinct = roles.Distinct().Order().ToList();
            if (distinct.Count > 0)
            {
                var added = await users.AddToRolesAsync(user, distinct);
                if (!added.Succeeded)
                {
                    await users.DeleteAsync(user);
                    return added.ToError("roles");
                }
            }

            trail.Add(Record(actor, AuditActions.UserCreated, user) with { After = AuditRecord.ToJson(new { roles = distinct }) });
            return ToSummary(user, distinct);
        }, ct);
    }

    public async Task<Result<UserSummary>> SetRolesAsync(string userId, IReadOnlyList<string>? roles, Actor actor, CancellationToken ct = default)
    {
        roles ??= [];
        if (IdentityErrors.CheckRoles(roles) is { } badRoles)
        {
            return badRoles;
        }

        var changed = await ChangeAsync<UserSummary>(async (users, trail) =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null)
            {
                return Error.NotFound($"User '{userId}'");
            }

            var current = await users.GetRolesAsync(user);
            if (userId == actor.Id && current.Contains(Roles.Admin) && !roles.Contains(Roles.Admin))
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
            var after = roles.Distinct().Order().ToList();
            trail.Add(Record(actor, AuditActions.UserRolesChanged, user) with
            {
                Before = AuditRecord.ToJson(new { roles = current.Order().ToList() }),
                After = AuditRecord.ToJson(new { roles = after }),
            });
            return ToSummary(user, after);
        }, ct);
        tokenCache.ForgetUser(userId);
        return changed;
    }

    public async Task<Result<UserSummary>> ResetPasswordAsync(string userId, string? newPassword, Actor actor, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(newPassword))
        {
            return Error.Validation("A new password is required.", "password");
        }

        return await ChangeAsync<UserSummary>(async (users, trail) =>
        {
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

            // Only the fact of the reset: never the password or its hash.
            trail.Add(Record(actor, AuditActions.UserPasswordReset, user));
            return ToSummary(user, [.. (await users.GetRolesAsync(user)).Order()]);
        }, ct);
    }

    public async Task<Result<UserSummary>> SetDisabledAsync(string userId, bool disabled, Actor actor, CancellationToken ct = default)
    {
        if (disabled && userId == actor.Id)
        {
            return Error.Conflict("self-disable", "You cannot disable your own account.");
        }

        var changed = await ChangeAsync<UserSummary>(async (users, trail) =>
        {
            var user = await users.FindByIdAsync(userId);
            if (user is null)
            {
                return Error.NotFound($"User '{userId}'");
            }

            var before = user.IsDisabled;
            user.IsDisabled = disabled;
            await users.UpdateAsync(user);
            await users.UpdateSecurityStampAsync(user);
            trail.Add(Record(actor, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, user) with
            {
                Before = AuditRecord.ToJson(new { disabled = before }),
                After = AuditRecord.ToJson(new { disabled }),
            });
            return ToSummary(user, [.. (await users.GetRolesAsync(user)).Order()]);
        }, ct);
        tokenCache.ForgetUser(userId);
        return changed;
    }

    // Identity's UserManager saves through the scoped ModelHubDbContext; the audit log opens its transaction on that
    // same context, so whatever the manager saves and the entry commit (or roll back) together.
    private async Task<Result<T>> ChangeAsync<T>(Func<UserManager<ModelHubUser>, AuditTrail, Task<Result<T>>> change, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ModelHubUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ModelHubDbContext>();
        return await audit.WriteAsync(db, trail => change(users, trail), ct);
    }

    private static AuditRecord Record(Actor actor, string action, ModelHubUser user) =>
        new(actor, action, AuditObjects.User, user.Id, user.Email ?? user.UserName);

    private static UserSummary ToSummary(ModelHubUser user, IReadOnlyList<string> roles) =>
        new(user.Id, user.Email ?? user.UserName ?? "", roles, user.IsDisabled, user.CreatedAt);
}
