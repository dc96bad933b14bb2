using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Common;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary><c>/api/models/{name}/budget</c>: a model's monthly gateway budget (USD, UTC calendar month) and optional hard stop.</summary>
internal static class BudgetEndpoints
{
    /// <summary>A model's budget with this month's spend; the budget fields are null when none is set.</summary>
    public sealed record BudgetResponse(string Model, decimal? MonthlyUsd, bool HardStop, decimal? SpendUsd, double? Percent, string Month, string Level);

    private const int MaxBodyBytes = 4096;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapBudgetEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Gateway").RequireAuthorization(Policies.CanView);

        models.MapGet("/{name}/budget", async Task<Results<JsonHttpResult<BudgetResponse>, ProblemHttpResult>> (
                string name, BudgetQueries budgets, Core.Registry.RegistryQueries registry, TimeProvider time, CancellationToken ct) =>
            {
                if (await registry.GetModelAsync(name, ct) is null)
                {
                    return Problems.From(Error.NotFound($"Model '{name}'"));
                }

                return TypedResults.Json(Response(name, await budgets.GetAsync(name, ct), time), Json);
            })
            .WithSummary("The model's monthly budget, hard stop and spend this month (UTC); the budget fields are null when none is set.");

        models.MapPut("/{name}/budget", async Task<Results<JsonHttpResult<BudgetResponse>, ProblemHttpResult>> (
                string name, HttpContext http, SetBudget set, TimeProvider time, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var body = await ReadAsync(http, ct);
                if (!body.Succeeded)
                {
                    return Problems.From(body.Error!);
                }

                var result = await set.SetAsync(name, body.Value.MonthlyUsd, body.Value.HardStop, me.ToActor(), ct);
                return result.Succeeded ? TypedResults.Json(Response(name, result.Value, time), Json) : Problems.From(result.Error!);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Sets the model's budget: {\"monthlyUsd\": 50, \"hardStop\": true}. At 80 % and 100 % of it the model page and dashboard warn and the audit log records it; with hardStop the gateway answers 429 once it is used up. Audited.");

        models.MapDelete("/{name}/budget", async Task<Results<NoContent, ProblemHttpResult>> (
                string name, SetBudget set, ClaimsPrincipal me, CancellationToken ct) =>
            {
                var result = await set.ClearAsync(name, me.ToActor(), ct);
                return result.Succeeded ? TypedResults.NoContent() : Problems.From(result.Error!);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Clears the model's budget (and lifts its hard stop). Audited.");

        return app;
    }

    private static BudgetResponse Response(string model, BudgetStatus? status, TimeProvider time) => status is null
        ? new BudgetResponse(model, null, false, null, null, BudgetMonth.Of(time.GetUtcNow()).Key, nameof(BudgetLevel.Normal).ToLowerInvariant())
        : new BudgetResponse(model, status.MonthlyUsd, status.HardStop, decimal.Round(status.SpendUsd, 6), Math.Round(status.Percent, 2), status.Month.Key,
            status.Level.ToString().ToLowerInvariant());

    private static async Task<Result<(decimal? MonthlyUsd, bool HardStop)>> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("monthlyUsd", out var usd) || usd.ValueKind == JsonValueKind.Null)
            {
                return Error.Validation("monthlyUsd is required: send {\"monthlyUsd\": 50, \"hardStop\": true}.", "monthlyUsd");
            }

            if (usd.ValueKind != JsonValueKind.Number || !usd.TryGetDecimal(out var monthlyUsd))
            {
                return Error.Validation("monthlyUsd must be a number of USD, e.g. 50 or 49.99.", "monthlyUsd");
            }

            var hardStop = false;
            if (root.TryGetProperty("hardStop", out var stop) && stop.ValueKind != JsonValueKind.Null)
            {
                if (stop.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Error.Validation("hardStop must be true or false.", "hardStop");
                }

                hardStop = stop.GetBoolean();
            }

            return (monthlyUsd, hardStop);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (JsonException)
        {
            return Error.Validation("The body is not JSON: send {\"monthlyUsd\": 50, \"hardStop\": true}.", "body");
        }
    }

    private static Error TooLarge() => Error.Validation($"The body is larger than {MaxBodyBytes:N0} bytes; send {{\"monthlyUsd\": 50, \"hardStop\": true}}.", "body");
}
