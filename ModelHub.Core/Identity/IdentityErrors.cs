using Microsoft.AspNetCore.Identity;
using ModelHub.Core.Common;

namespace ModelHub.Core.Identity;

internal static class IdentityErrors
{
    /// <summary>Joins Identity's own messages (password rules, duplicate e-mail) into one error a person can act on.</summary>
    public static Error ToError(this IdentityResult result, string target)
    {
        var duplicate = result.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail");
        var message = string.Join(" ", result.Errors.Select(e => e.Description));
        return duplicate
            ? Error.Conflict("duplicate-user", message)
            : Error.Validation(message, target);
    }

    public static Error? CheckRoles(IEnumerable<string> roles)
    {
        var unknown = roles.Where(r => !Roles.IsKnown(r)).ToList();
        return unknown.Count == 0
            ? null
            : Error.Validation($"Unknown role(s): {string.Join(", ", unknown)}. Known roles: {string.Join(", ", Roles.All)}.", "roles");
    }
}
