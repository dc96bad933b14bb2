using ModelHub.Core.Common;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Gateway;

/// <summary>Where one gateway call goes: the version (and provider model) that answers, and whether the canary chose it.</summary>
public sealed record GatewayRoute(string Model, string Alias, int Version, string ProviderModelId, bool Canary);

/// <summary>
/// Resolves a caller's <c>model</c> through the resolve API's cache, so a promotion or rollback changes the next call;
/// calls for the production version are split to the Staging version while a canary runs.
/// </summary>
public sealed class GatewayRouting(ResolveAlias resolve, CanarySettings canaries)
{
    /// <param name="asked">The parsed <c>model</c>.</param>
    /// <param name="stickyKey">What keeps a caller on one side of a canary: their sticky-key header, else their user id.</param>
    /// <param name="ct">Cancels the look-ups.</param>
    public async ValueTask<Result<GatewayRoute>> RouteAsync(GatewayModelRef asked, string stickyKey, CancellationToken ct)
    {
        var resolved = asked.Version is { } number
            ? await resolve.ResolveVersionAsync(asked.Model, number, ct)
            : await resolve.ResolveAsync(asked.Model, asked.Alias, ct);
        if (!resolved.Succeeded)
        {
            return new Error(ErrorKind.NotFound, "model_not_found", resolved.Error!.Message) { Target = "model" };
        }

        var answer = resolved.Value;
        if (asked.Version is null && asked.Alias == ModelAlias.Production
            && await canaries.GetAsync(asked.Model, ct) is { } canary
            && canary.ProductionVersion == answer.Version
            && canary.Chooses(stickyKey))
        {
            // Only while both versions still hold the stages the canary was set for (a stage change ends it).
            var staging = await resolve.ResolveAsync(asked.Model, ModelAlias.Staging, ct);
            if (staging.Succeeded && staging.Value.Version == canary.StagingVersion)
            {
                return new GatewayRoute(asked.Model, asked.Asked, staging.Value.Version, staging.Value.ProviderModelId, Canary: true);
            }
        }

        return new GatewayRoute(asked.Model, asked.Asked, answer.Version, answer.ProviderModelId, Canary: false);
    }
}
