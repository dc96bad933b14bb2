using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelHub.Core.Audit;

namespace ModelHub.Core.Identity;

/// <summary>Creates the first Admin from <see cref="BootstrapOptions"/> when no user exists yet; does nothing otherwise.</summary>
public sealed class HeadlessBootstrap(
    IOptions<BootstrapOptions> options,
    FirstRunSetup setup,
    AccessTokens tokens,
    ILogger<HeadlessBootstrap> logger)
{
    /// <summary>Days a bootstrap token stays valid.</summary>
    public const int TokenLifetimeDays = 365;

    public async Task RunAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.AdminEmail) || string.IsNullOrEmpty(o.AdminPassword))
        {
            return;
        }

        if (!await setup.IsRequiredAsync(ct))
        {
            logger.LogInformation("Bootstrap settings ignored: users already exist.");
            return;
        }

        var admin = await setup.CreateFirstAdminAsync(o.AdminEmail, o.AdminPassword, ct);
        if (!admin.Succeeded)
        {
            // The password itself is never part of the message: Identity describes rules, not values.
            throw new InvalidOperationException($"Headless bootstrap could not create the Admin: {admin.Error!.Message}");
        }

        logger.LogInformation("Headless bootstrap created Admin {Email}.", admin.Value.Email);
        if (!string.IsNullOrEmpty(o.AdminToken))
        {
            var issued = await tokens.IssueAsync(admin.Value.Id, "bootstrap", TokenLifetimeDays, Actor.System, o.AdminToken, ct);
            if (!issued.Succeeded)
            {
                throw new InvalidOperationException($"Headless bootstrap could not create the Admin token: {issued.Error!.Message}");
            }

            logger.LogInformation("Headless bootstrap created access token {TokenName} for {Email}.", issued.Value.Name, admin.Value.Email);
        }
    }
}
