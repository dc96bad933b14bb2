using ModelHub.Core.Common;
using ModelHub.Core.Registry;

namespace ModelHub.Core.Gateway;

/// <summary>Where one gateway call goes: the version (and provider model) that answers, and whether the canary chose it.</summary>
public sealed record GatewayRoute(string Model, string Alias, int Version, string ProviderModelId, bool Canary);

/// <summary>Resolves a caller's <c>model</c> through the resolve API's cache, so a promotion or rollback changes the next call.</summary>
public sealed class GatewayRouting(ResolveAlias resolve)
{
    public async ValueTask<Result<GatewayRoute>> RouteAsync(GatewayModelRef asked, CancellationToken ct)
    {
        var resolved = asked.Version is { } number
            ? await resolve.ResolveVersionAsync(asked.Model, number, ct)
            : await resolve.ResolveAsync(asked.Model, asked.Alias, ct);
        if (!resolved.Succeeded)
        {
            return new Error(ErrorKind.NotFound, "model_not_found", resolved.Error!.Message) { Target = "model" };
        }

        var answer = resolved.Value;
        return new GatewayRoute(asked.Model, asked.Asked, answer.Version, answer.ProviderModelId, Canary: false);
    }
}
