using ModelHub.Core.Common;

namespace ModelHub.Core.Identity;

/// <summary>What a valid token request looks like.</summary>
public static class AccessTokenRules
{
    public const int MaxNameLength = InputLimits.MaxNameLength;
    public const int MaxLifetimeDays = 366;

    public static Error? Check(string? name, int expiresInDays)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Error.Validation("Give the token a name, e.g. \"ci-pipeline\".", "name");
        }

        if (InputLimits.Name(name, "name", "The token name") is { } invalid)
        {
            return invalid;
        }

        if (expiresInDays is < 1 or > MaxLifetimeDays)
        {
            return Error.Validation($"A token must expire in 1 to {MaxLifetimeDays} days; {expiresInDays} was given.", "expiresInDays");
        }

        return null;
    }
}
