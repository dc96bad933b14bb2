using Microsoft.AspNetCore.Identity;
using ModelHub.Core.Identity;

namespace ModelHub.Web.Authentication;

/// <summary>Lets Identity's sign-in refuse disabled accounts (there is no e-mail confirmation in ModelHub).</summary>
internal sealed class EnabledUserConfirmation : IUserConfirmation<ModelHubUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<ModelHubUser> manager, ModelHubUser user) => Task.FromResult(!user.IsDisabled);
}
