using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace ModelHub.Core.Identity;

/// <summary>
/// Refuses the passwords attackers try first: a list of the most common ones (embedded, case-insensitive), also with
/// digits or symbols added before or after (<c>password2026!</c>, <c>123qwerty</c>).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<ModelHubUser>
{
    public const string Code = "CommonPassword";

    private static readonly FrozenSet<string> Common = Load();
    private static readonly char[] Padding = [.. "0123456789!@#$%^&*()-_=+.,;:?~ "];

    public Task<IdentityResult> ValidateAsync(UserManager<ModelHubUser> manager, ModelHubUser user, string? password) =>
        Task.FromResult(IsCommon(password)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = Code,
                Description = "This password is on the list of the most common passwords attackers try first; choose another.",
            })
            : IdentityResult.Success);

    /// <summary>True when the password, or its core without leading or trailing digits and symbols, is a common password.</summary>
    public static bool IsCommon(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return false;
        }

        var lower = password.ToLowerInvariant();
        var core = lower.Trim(Padding);
        return Common.Contains(lower) || (core.Length > 0 && Common.Contains(core));
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("ModelHub.Core.Identity.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } word)
            {
                words.Add(word.ToLowerInvariant());
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
