using System.Security.Cryptography;
using System.Text;

namespace ModelHub.Web.Observability;

/// <summary>
/// The Prometheus scrape endpoint, answered only to a caller presenting <c>ModelHub:Metrics:ScrapeToken</c> as a bearer
/// token. Without a configured token it answers 404. ModelHub's own access tokens are not accepted: a scraper's
/// credential sits in monitoring configuration and must not also open the API.
/// </summary>
internal static class MetricsScrape
{
    public const string Path = "/metrics";

    public const string TokenSetting = "ModelHub:Metrics:ScrapeToken";

    /// <summary>Shorter tokens are accepted with a warning at start-up.</summary>
    public const int RecommendedTokenLength = 32;

    /// <summary>The configured scrape token, or null when scraping is switched off.</summary>
    public static string? Token(IConfiguration configuration) =>
        configuration[TokenSetting] is { } token && !string.IsNullOrWhiteSpace(token) ? token : null;

    public static void MapMetricsScrape(this WebApplication app)
    {
        if (Token(app.Configuration) is not { } token)
        {
            app.MapGet(Path, () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found"))
                .AllowAnonymous().ExcludeFromDescription();
            return;
        }

        if (token.Length < RecommendedTokenLength)
        {
            app.Logger.LogWarning("{Setting} is shorter than {Length} characters; use a long random value.", TokenSetting, RecommendedTokenLength);
        }

        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
                {
                    context.Response.Headers.Allow = "GET, HEAD";
                    await TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method Not Allowed").ExecuteAsync(context);
                    return;
                }

                if (!Presents(context.Request, expected))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await TypedResults.Problem(
                        statusCode: StatusCodes.Status401Unauthorized,
                        title: "Scrape token required",
                        detail: "Send the scrape token as 'Authorization: Bearer <token>'.").ExecuteAsync(context);
                    return;
                }

                await next(context);
            }), optionsName: null)
            // The token check above is the authorization; the app's sign-in does not apply to a scraper.
            .AllowAnonymous();
    }

    private static bool Presents(HttpRequest request, byte[] expected)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Comparing hashes keeps the comparison constant-time whatever the presented length.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
