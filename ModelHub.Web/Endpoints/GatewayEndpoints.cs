using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using ModelHub.Core.Common;
using ModelHub.Core.Gateway;
using ModelHub.Core.Identity;
using ModelHub.Core.Registry;
using ModelHub.Web.Authentication;
using ModelHub.Web.Gateway;
using ModelHub.Web.Simulator;

namespace ModelHub.Web.Endpoints;

/// <summary>
/// The inference gateway in OpenAI's wire format: <c>POST /v1/chat/completions</c> (plain or streamed) and
/// <c>GET /v1/models</c>, for ModelHub access tokens of Applications, Engineers and Admins. Bodies are never stored.
/// </summary>
internal static class GatewayEndpoints
{
    public const string Prefix = "/v1";

    /// <summary>Chat requests are JSON; four megabytes leave room for long contexts.</summary>
    public const long MaxBodyBytes = 4 << 20;

    /// <summary>Keeps calls with the same value on one side of a canary (default: the calling user).</summary>
    public const string StickyKeyHeader = "X-ModelHub-Sticky-Key";

    private const int MaxStickyKeyLength = 200;

    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous to the app's policies: the filter authenticates bearer tokens itself and answers in OpenAI's shape.
        var v1 = app.MapGroup(Prefix)
            .AllowAnonymous()
            .WithTags("Gateway")
            .AddEndpointFilter<GatewayAuthFilter>();

        v1.MapPost("/chat/completions", CompleteAsync)
            .WithSummary("OpenAI chat completions through ModelHub: model is name, name@alias or name@version; stream=true streams server-sent events.");
        v1.MapGet("/models", ListModelsAsync)
            .WithSummary("The registered models with a production version, and each model's aliases, as OpenAI model objects.");
        v1.Map("{**path}", (HttpRequest request) => OpenAIErrors.UnknownUrl(request)).ExcludeFromDescription();
        return app;
    }

    private static async Task ListModelsAsync(HttpContext http, RegistryQueries queries, CancellationToken ct)
    {
        var data = new List<object>();
        for (var skip = 0; ; skip += 200)
        {
            var page = await queries.ListModelsAsync(new ModelListQuery(null, ModelSort.Name, false, skip, 200), ct);
            foreach (var model in page.Items)
            {
                // Only names that answer: name (= production), name@staging, name@latest.
                var created = model.UpdatedAt.ToUnixTimeSeconds();
                if (model.ProductionVersion is not null)
                {
                    data.Add(new { id = model.Name, @object = "model", created, owned_by = "modelhub" });
                }

                if (model.StagingVersion is not null)
                {
                    data.Add(new { id = model.Name + "@" + ModelAlias.Staging, @object = "model", created, owned_by = "modelhub" });
                }

                if (model.LatestVersion is not null)
                {
                    data.Add(new { id = model.Name + "@" + ModelAlias.Latest, @object = "model", created, owned_by = "modelhub" });
                }
            }

            if (page.Items.Count < 200)
            {
                break;
            }
        }

        await Results.Json(new { @object = "list", data }, SimulatorWire.Json).ExecuteAsync(http);
    }

    private static async Task CompleteAsync(
        HttpContext http, GatewayRouting routing, GatewayUpstream upstream, UsageMeter meter, TimeProvider time, ILoggerFactory loggers)
    {
        var started = Stopwatch.GetTimestamp();
        var at = time.GetUtcNow();
        var ct = http.RequestAborted;
        var caller = http.User.UserId();
        var tokenId = int.TryParse(http.User.FindFirstValue(ModelHubClaims.AccessTokenId), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
        var record = new UsageRecord(at, "(invalid)", 0, ModelAlias.Production, false, caller, tokenId, 0, 0, 0, 0, 0);
        try
        {
            record = await HandleAsync(http, routing, upstream, record, started, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            record = record with { Status = 499 };
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException or OperationCanceledException)
        {
            // The provider could not be reached, timed out, or broke off mid-answer.
            loggers.CreateLogger(typeof(GatewayEndpoints)).LogWarning("The gateway's provider call for {Model} failed: {Reason}", record.Model, failure.Message);
            if (!http.Response.HasStarted)
            {
                await ChatRelay.WriteErrorAsync(http, StatusCodes.Status502BadGateway, "The provider could not be reached; try again later.", "server_error", "provider_unavailable");
            }

            record = record with { Status = StatusCodes.Status502BadGateway };
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await meter.RecordAsync(record with
            {
                Status = record.Status == 0 ? http.Response.StatusCode : record.Status,
                LatencyMs = elapsed,
                TimeToFirstTokenMs = record.TimeToFirstTokenMs == 0 ? elapsed : record.TimeToFirstTokenMs,
            });
        }
    }

    private static async Task<UsageRecord> HandleAsync(
        HttpContext http, GatewayRouting routing, GatewayUpstream upstream, UsageRecord record, long started, CancellationToken ct)
    {
        var read = await ReadBodyAsync(http, ct);
        if (!read.Succeeded)
        {
            await WriteAsync(http, read.Error!);
            return record;
        }

        using var body = read.Value;
        var asked = GatewayModelRef.Parse(body.Model);
        if (!asked.Succeeded)
        {
            await WriteAsync(http, asked.Error!);
            return record;
        }

        record = record with { Model = asked.Value.Model, Alias = asked.Value.Asked };
        var sticky = http.Request.Headers[StickyKeyHeader].ToString();
        if (sticky.Length > MaxStickyKeyLength)
        {
            await WriteAsync(http, Error.Invalid("invalid_sticky_key", $"{StickyKeyHeader} is longer than {MaxStickyKeyLength} characters.", StickyKeyHeader));
            return record;
        }

        var routed = await routing.RouteAsync(asked.Value, sticky.Length > 0 ? "key:" + sticky : "caller:" + record.CallerId, ct);
        if (!routed.Succeeded)
        {
            await WriteAsync(http, routed.Error!);
            return record;
        }

        var route = routed.Value;
        record = record with { Version = route.Version, Canary = route.Canary };
        if (await BudgetRefusal.RefusedAsync(http, route.Model))
        {
            return record;
        }

        http.Response.Headers["X-ModelHub-Version"] = route.Version.ToString(CultureInfo.InvariantCulture);
        if (route.Canary)
        {
            http.Response.Headers["X-ModelHub-Canary"] = "true";
        }
        var upstreamBody = new ArrayBufferWriter<byte>(1024);
        body.Rewrite(route.ProviderModelId, upstreamBody);

        using var response = await upstream.SendChatAsync(upstreamBody.WrittenMemory, ct);
        var outcome = await ChatRelay.RelayAsync(http, response, body.Stream, body.CallerAskedForUsage, ct);
        return record with
        {
            Status = outcome.Status,
            InputTokens = outcome.InputTokens,
            OutputTokens = outcome.OutputTokens,
            TimeToFirstTokenMs = Stopwatch.GetElapsedTime(started, outcome.FirstByteAt).TotalMilliseconds,
        };
    }

    private static async Task<Result<ChatRequestBody>> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
        catch (JsonException)
        {
            return Error.Invalid("invalid_json", "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.");
        }

        var parsed = ChatRequestBody.Parse(document);
        if (!parsed.Succeeded)
        {
            document.Dispose();
        }

        return parsed;
    }

    private static Error TooLarge() =>
        new(ErrorKind.Validation, "request_too_large", $"The request body is larger than the gateway accepts ({MaxBodyBytes:N0} bytes).") { Target = "413" };

    private static Task WriteAsync(HttpContext http, Error error)
    {
        if (error.Code == "request_too_large")
        {
            return ChatRelay.WriteErrorAsync(http, StatusCodes.Status413PayloadTooLarge, error.Message, "invalid_request_error", error.Code);
        }

        var status = error.Kind switch
        {
            ErrorKind.NotFound => StatusCodes.Status404NotFound,
            ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            ErrorKind.Conflict => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        };
        return ChatRelay.WriteErrorAsync(http, status, error.Message, status == 429 ? "insufficient_quota" : "invalid_request_error", error.Code, error.Target);
    }
}

/// <summary>
/// Lets through ModelHub access tokens whose owner may invoke (Application, Engineer, Admin); cookies are refused so a
/// web page cannot spend a signed-in person's budget. Refusals are OpenAI error objects, as SDKs expect.
/// </summary>
internal sealed class GatewayAuthFilter(IAuthorizationService authorization) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (BearerSecret.From(http.Request) is null)
        {
            return OpenAIErrors.Unauthorized("You didn't provide an API key. Send a ModelHub access token as 'Authorization: Bearer <token>'.");
        }

        if (http.User.Identity is not { IsAuthenticated: true, AuthenticationType: AccessTokenAuthenticationHandler.SchemeName })
        {
            return OpenAIErrors.Unauthorized("Incorrect API key provided: the ModelHub access token is unknown, revoked or expired.");
        }

        if (!(await authorization.AuthorizeAsync(http.User, Policies.CanInvoke)).Succeeded)
        {
            return OpenAIErrors.Forbidden("Your ModelHub access token is valid, but only Applications, Engineers and Admins may call the gateway.");
        }

        return await next(context);
    }
}
