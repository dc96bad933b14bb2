namespace ModelHub.Web.Authentication;

internal static class BearerSecret
{
    /// <summary>The presented token: the bearer header, or on hubs the query string browsers' WebSockets must use.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var token))
        {
            return token.ToString();
        }

        return null;
    }
}
