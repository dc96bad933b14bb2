using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>The registry for scripts and applications: <c>/api/models</c>, the alias resolve API and <c>/api/compare</c>.</summary>
internal static class RegistryEndpoints
{
    public sealed record CreateModelRequest(string? Name, string? Description);

    public sealed record SetAliasRequest(int? Version);

    /// <summary>The resolve API's body (documentation only: the endpoint writes pre-serialized bytes).</summary>
    public sealed record AliasResponse(string Model, string Alias, int Version, string ProviderModelId, string Stage, DateTimeOffset Since);

    // Stages travel as words, like job statuses.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static RouteGroupBuilder MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/models").WithTags("Models").RequireAuthorization(Policies.CanView);

        models.MapGet("/", async Task<Results<JsonHttpResult<Page<ModelListRow>>, ProblemHttpResult>> (
                string? search, string? sort, bool? descending, int? skip, int? take, RegistryQueries queries, CancellationToken ct) =>
            {
                // Bound by name here: the default enum binding would take sort=1 (or 99) as a position.
                var order = ModelSort.Updated;
                if (sort is not null && !InputLimits.TryParseName(sort, out order))
                {
                    return Problems.From(Error.Validation("sort must be updated, name or versions.", "sort"));
                }

                if (InputLimits.Window(skip ?? 0, take ?? 50) is { } outOfRange)
                {
                    return Problems.From(outOfRange);
                }

                return TypedResults.Json(await queries.ListModelsAsync(new ModelListQuery(search, order, descending ?? true, skip ?? 0, take ?? 50), ct), Json);
            })
            .WithSummary("Lists registered models, one page at a time: search (name contains), sort=updated|name|versions, descending, skip, take (≤ 200).");

        models.MapPost("/", async Task<Results<JsonHttpResult<ModelDetails>, ProblemHttpResult>> (
                CreateModelRequest request, CreateRegisteredModel create, RegistryQueries queries, ClaimsPrincipal me, HttpContext http, CancellationToken ct) =>
            {
                var created = await create.CreateAsync(request.Name, request.Description, me.ToActor(), ct);
                if (!created.Succeeded)
                {
                    return Problems.From(created.Error!);
                }

                http.Response.Headers.Location = $"/api/models/{created.Value}";
                return TypedResults.Json((await queries.GetModelAsync(created.Value, ct))!, Json, statusCode: StatusCodes.Status201Created);
            })
            .RequireAuthorization(Policies.CanLaunchJobs)
            .WithSummary("Registers an empty model by name; its versions come from succeeded jobs.");

        models.MapGet("/{name}", async Task<Results<JsonHttpResult<ModelDetails>, ProblemHttpResult>> (string name, RegistryQueries queries, CancellationToken ct) =>
                await queries.GetModelAsync(name, ct) is { } model ? TypedResults.Json(model, Json) : Problems.From(Error.NotFound($"Model '{name}'")))
            .WithSummary("One model: environments, versions, custom aliases and stage history.");

        models.MapGet("/{name}/versions/{version:int}", async Task<Results<JsonHttpResult<VersionDetails>, ProblemHttpResult>> (
                string name, int version, RegistryQueries queries, CancellationToken ct) =>
                await queries.GetVersionAsync(name, version, ct) is { } details
                    ? TypedResults.Json(details, Json)
                    : Problems.From(new Error(ErrorKind.NotFound, "not-found", $"Model '{name}' has no version {version}.")))
            .WithSummary("One version: lineage, hyperparameters, final metrics, aliases and stage history.");

        // Outside the group's CanView: service accounts (Application) read the resolve API too.
        app.MapGet("/api/models/{name}/aliases/{alias}", ResolveAsync)
            .WithTags("Models")
            .RequireAuthorization(Policies.CanResolve)
            .Produces<AliasResponse>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Resolves production, staging, latest or a custom alias to a version and its provider model id. Send If-None-Match with the ETag to get 304.");

        models.MapPut("/{name}/aliases/{alias}", async Task<Results<JsonHttpResult<SetModelAlias.AliasSet>, ProblemHttpResult>> (
                string name, string alias, SetAliasRequest request, SetModelAlias set, ClaimsPrincipal me, CancellationToken ct) =>
            {
                if (request.Version is not { } version)
                {
                    return Problems.From(Error.Validation("version is required.", "version"));
                }

                var result = await set.SetAsync(name, alias, version, me.ToActor(), ct);
                return result.Succeeded ? TypedResults.Json(result.Value, Json) : Problems.From(result.Error!);
            })
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Points a custom alias at a version (creates or moves it). production, staging and latest cannot be set.");

        models.MapDelete("/{name}/aliases/{alias}", async Task<Results<NoContent, ProblemHttpResult>> (
                string name, string alias, RemoveModelAlias remove, ClaimsPrincipal me, CancellationToken ct) =>
                await remove.RemoveAsync(name, alias, me.ToActor(), ct) is { Succeeded: false } failed ? Problems.From(failed.Error!) : TypedResults.NoContent())
            .RequireAuthorization(Policies.CanStage)
            .WithSummary("Removes a custom alias.");

        app.MapGet("/api/compare", async Task<Results<JsonHttpResult<Comparison>, ProblemHttpResult>> (
                HttpContext http, CompareVersions compare, CancellationToken ct) =>
            {
                var values = http.Request.Query["v"];
                var refs = values.Select(VersionRef.Parse).ToList();
                if (refs.IndexOf(null) is var bad and >= 0)
                {
                    return Problems.From(Error.Validation($"'{values[bad]}' is not a version: use model:number, e.g. sentiment:3.", "v"));
                }

                var result = await compare.CompareAsync(refs!, ct: ct);
                return result.Succeeded ? TypedResults.Json(result.Value, Json) : Problems.From(result.Error!);
            })
            .WithTags("Models")
            .RequireAuthorization(Policies.CanView)
            .WithSummary("Compares 2–6 versions (?v=model:number&v=…): downsampled curves (≤ 1000 points each), final metrics, parameters.");

        return models;
    }

    // The hottest path: a cache hit allocates little beyond the response headers and writes pre-serialized bytes.
    private static async Task ResolveAsync(string name, string alias, HttpContext http, ResolveAlias resolve)
    {
        var result = await resolve.ResolveAsync(name, alias, http.RequestAborted);
        if (!result.Succeeded)
        {
            await Problems.From(result.Error!).ExecuteAsync(http);
            return;
        }

        var resolution = result.Value;
        var headers = http.Response.Headers;
        headers.ETag = resolution.ETag;
        headers.CacheControl = "no-cache";
        if (Matches(http.Request.Headers.IfNoneMatch, resolution.ETag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = resolution.Utf8Json;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
                if (part == "*" || part == etag || (part.StartsWith("W/", StringComparison.Ordinal) && part.AsSpan(2).SequenceEqual(etag)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
