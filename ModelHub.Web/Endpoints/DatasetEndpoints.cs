using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ModelHub.Core.Common;
using ModelHub.Core.Datasets;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Datasets for people and scripts: <c>/api/datasets</c>. The upload page posts to the same endpoint.</summary>
internal static class DatasetEndpoints
{
    // Room for the multipart boundaries and the text fields on top of the file itself.
    private const long EnvelopeBytes = 1 << 20;

    // A part's headers are a Content-Disposition and a Content-Type: far below MultipartReader's 16 KB default.
    private const int MaxPartHeaderBytes = 2048;

    /// <summary>The multipart fields of an upload, for the OpenAPI document only: the body is read as a stream, never bound.</summary>
    public sealed record UploadForm(string Name, string Purpose, string? Description, IFormFile File);

    public static void MapDatasetEndpoints(this IEndpointRouteBuilder app)
    {
        var datasets = app.MapGroup("/api/datasets").WithTags("Datasets").RequireAuthorization(Policies.CanView);

        datasets.MapGet("/", async (DatasetCatalog catalog, bool? includeArchived, CancellationToken ct) =>
                TypedResults.Ok(await catalog.ListAsync(includeArchived ?? false, ct)))
            .WithSummary("Lists datasets, newest first; archived ones with ?includeArchived=true.");

        datasets.MapGet("/{id:int}", async Task<Results<Ok<DatasetDetails>, ProblemHttpResult>> (int id, DatasetCatalog catalog, CancellationToken ct) =>
                await catalog.GetAsync(id, ct) is { } found ? TypedResults.Ok(found) : Problems.From(Error.NotFound($"Dataset {id}")))
            .WithSummary("One dataset with its validation report and statistics.");

        datasets.MapGet("/{id:int}/content", async Task<Results<FileStreamHttpResult, ProblemHttpResult>> (int id, DatasetCatalog catalog, DatasetFileStore store, CancellationToken ct) =>
                await catalog.GetAsync(id, ct) is { } found
                    ? TypedResults.File(store.OpenRead(found.Sha256), "application/jsonl", DownloadName(found.Name), enableRangeProcessing: true)
                    : Problems.From(Error.NotFound($"Dataset {id}")))
            .WithSummary("Downloads the dataset's JSONL file.");

        datasets.MapPost("/", UploadAsync)
            .RequireAuthorization(Policies.CanManageDatasets)
            .AddEndpointFilter(CookieAntiforgery)
            .Accepts<UploadForm>("multipart/form-data")
            .Produces<DatasetDetails>(StatusCodes.Status201Created)
            .Produces<DatasetDetails>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Uploads a JSONL file (multipart/form-data: name, purpose, optional description and file, in any order): validated and stored in one streamed pass.");

        datasets.MapPost("/{id:int}/archive", async Task<Results<Ok<DatasetDetails>, ProblemHttpResult>> (int id, ArchiveDataset archive, ClaimsPrincipal user, CancellationToken ct) =>
                await archive.ExecuteAsync(id, user.ToActor(), ct) is { Succeeded: true } done ? TypedResults.Ok(done.Value) : Problems.From(Error.NotFound($"Dataset {id}")))
            .RequireAuthorization(Policies.CanManageDatasets)
            .AddEndpointFilter(CookieAntiforgery)
            .WithSummary("Archives a dataset: hidden from lists and pickers, kept for lineage.");
    }

    private static async Task<IResult> UploadAsync(HttpContext http, UploadDataset upload, ClaimsPrincipal user, CancellationToken ct)
    {
        var limit = upload.MaxUploadBytes;
        if (http.Request.ContentLength > limit + EnvelopeBytes)
        {
            return TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + EnvelopeBytes;
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Problems.From(Error.Validation("Send multipart/form-data with the fields name, purpose, description (optional) and file.", "file"));
        }

        var body = new UploadBody(http.Request.Body);
        var form = new UploadFormReader(new MultipartReader(boundary, body) { HeadersLengthLimit = MaxPartHeaderBytes });
        ReceivedUpload? received = null;
        try
        {
            while (await form.NextAsync(ct) is { } part)
            {
                if (part.Refusal is { } refused)
                {
                    return Problems.From(refused);
                }

                // The file is validated and hashed as it streams; the text fields may come before or after it.
                received = await upload.ReceiveAsync(part.File!, ct: ct);
                if (received.Refusal is { } cannotStore)
                {
                    // Too large or with errors whatever the fields say: the rest of the body is not read.
                    return Reply(cannotStore);
                }
            }

            if (received is null)
            {
                return Problems.From(Error.Validation("The request has no file part named 'file'.", "file"));
            }

            var request = form.ToRequest(user.UserId());
            if (!request.Succeeded)
            {
                return Problems.From(request.Error!);
            }

            var result = await upload.StoreAsync(request.Value, received, ct);
            return result.Succeeded ? Reply(result.Value) : Problems.From(result.Error!);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (InvalidDataException)
        {
            return Problems.From(Error.Validation("The multipart body is malformed.", "file"));
        }
        catch (IOException) when (body.EndedOrFailed)
        {
            // The client's side: the body ended before the closing boundary, or the connection broke while it was read.
            return Problems.From(Error.Validation("The upload ended before the multipart body was complete; nothing was stored. Send the whole file again.", "file"));
        }
        finally
        {
            received?.Dispose();
        }
    }

    private static IResult Reply(UploadDatasetResult result) => result.Outcome switch
    {
        UploadDatasetOutcome.Stored => TypedResults.Created($"/api/datasets/{result.Dataset!.Id}", result.Dataset),
        UploadDatasetOutcome.AlreadyStored => TypedResults.Ok(result.Dataset),
        UploadDatasetOutcome.TooLarge => TooLarge(result.MaxUploadBytes),
        _ => TypedResults.Problem(
            title: "Dataset has errors",
            detail: $"The file has {result.Report!.ErrorCount} error(s); nothing was stored. Fix them and upload again.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            type: "invalid-dataset",
            extensions: new Dictionary<string, object?> { ["code"] = "invalid-dataset", ["report"] = result.Report }),
    };

    private static ProblemHttpResult TooLarge(long limit) => TypedResults.Problem(
        title: "File too large",
        detail: $"The file is larger than the upload limit of {ByteSize.Format(limit)} ({limit.ToString("N0", CultureInfo.InvariantCulture)} bytes); nothing was stored.",
        statusCode: StatusCodes.Status413PayloadTooLarge,
        type: "too-large",
        extensions: new Dictionary<string, object?> { ["code"] = "too-large", ["maxBytes"] = limit });

    private static string DownloadName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return (safe.Length == 0 ? "dataset" : safe) + ".jsonl";
    }

    // Browsers carry the cookie on any cross-site POST; scripts with a bearer token cannot be forged that way.
    private static async ValueTask<object?> CookieAntiforgery(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.User.HasClaim(c => c.Type == ModelHubClaims.AccessTokenId))
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            var header = http.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName;
            // Without the header the validator would fall back to reading the form: a whole upload in memory.
            if (header is null || !http.Request.Headers.ContainsKey(header))
            {
                return AntiforgeryProblem($"Send the antiforgery token in the '{header}' header, or authenticate with a bearer token.");
            }

            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return AntiforgeryProblem("The antiforgery token is missing or invalid; reload the page and try again.");
            }
        }

        return await next(context);
    }

    private static ProblemHttpResult AntiforgeryProblem(string detail) => TypedResults.Problem(
        title: "Antiforgery check failed",
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        type: "antiforgery",
        extensions: new Dictionary<string, object?> { ["code"] = "antiforgery" });
}
