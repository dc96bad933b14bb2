using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary><c>/api/models/{name}/traffic</c>: the canary split of a model's production calls, and how both sides do.</summary>
internal static class CanaryEndpoints
{
    /// <summary>The answer of both routes: the share sent to Staging (0 when no canary runs) and, while one runs, both sides' stats.</summary>
    public sealed record TrafficResponse(string Model, int Staging, int? ProductionVersion, int? StagingVersion, DateTimeOffset? Since, UsageStats? Production, UsageStats? Canary);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapCanaryEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Gateway").RequireAuthorization(Policies.CanView);

        models.MapGet("/{name}/traffic", async Task<Results<JsonHttpResult<TrafficResponse>, ProblemHttpResult>> (
                string name, UsageQueries queries, Core.Registry.RegistryQueries registry, CancellationToken ct) =>
            {
                if (await registry.GetModelAsync(name, ct) is null)
                {
                    return Problems.From(Error.NotFound($"Model '{name}'"));
                }

                var canary = await queries.CanaryAsync(name, ct);
                return TypedResults.Json(canary is null
                    ? new TrafficResponse(name, 0, null, null, null, null, null)
                    : new TrafficResponse(name, canary.Split.Percent, canary.Split.ProductionVersion, canary.Split.StagingVersion, canary.Split.StartedAt, canary.Production, canary.Canary), Json);
            })
            .WithSummary("The canary split of the model's production calls and, while one runs, production and canary side by side (calls, errors, p50/p95 latency, tokens, cost).");

        models.MapPut("/{name}/traffic", async Task<Results<JsonHttpResult<TrafficResponse>, ProblemHttpResult>> (
                string name, HttpRequest request, SetCanaryTraffic set, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var percent = await ReadStagingAsync(request, ct);
                if (!percent.Succeeded)
                {
                    return Problems.From(percent.Error!);
                }

                var result = await set.SetAsync(name, percent.Value, me.ToActor(), ct);
                if (!result.Succeeded)
                {
                    return Problems.From(result.Error!);
                }

                var state = result.Value;
                return TypedResults.Json(new TrafficResponse(name, state.Staging, state.ProductionVersion, state.StagingVersion, state.Since, null, null), Json);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Sends {\"staging\": N} percent (1–100) of the model's production calls to its Staging version, sticky per caller or X-ModelHub-Sticky-Key; 0 ends the canary. Audited.");

        return app;
    }

    private static async Task<Result<int?>> ReadStagingAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > 4096)
        {
            return Error.Validation("The body is larger than 4 KB; send {\"staging\": N}.", "body");
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("staging", out var staging))
            {
                return Error.Validation("staging is required: send {\"staging\": N} with N from 0 to 100.", "staging");
            }

            return staging.ValueKind == JsonValueKind.Number && staging.TryGetInt32(out var value)
                ? value
                : Error.Validation("staging must be a whole number of percent from 0 to 100.", "staging");
        }
        catch (JsonException)
        {
            return Error.Validation("The body is not JSON: send {\"staging\": N}.", "body");
        }
    }
}
