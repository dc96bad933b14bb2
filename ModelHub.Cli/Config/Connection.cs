namespace ModelHub.Cli.Config;

/// <summary>Where the CLI connects and with which token: <c>MODELHUB_URL</c>/<c>MODELHUB_TOKEN</c> override the login file.</summary>
public sealed record Connection(Uri BaseUrl, string Token)
{
    public static Connection Resolve(CliContext context)
    {
        var url = Nonblank(context.Variable("MODELHUB_URL"));
        var token = Nonblank(context.Variable("MODELHUB_TOKEN"));
        if (url is null || token is null)
        {
            var saved = LoginFile.For(context).Read();
            url ??= saved?.Url;
            token ??= saved?.Token;
        }

        if (url is null || token is null)
        {
            throw new CliInputException("Not logged in: run 'modelhub login --url <address>' or set MODELHUB_URL and MODELHUB_TOKEN.");
        }

        return new Connection(ParseUrl(url), token);
    }

    /// <summary>An absolute http(s) address, with a trailing slash so relative API paths keep any path prefix.</summary>
    public static Uri ParseUrl(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliInputException($"'{text}' is not an http(s) address of ModelHub, e.g. https://modelhub.example.com.");
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    /// <summary>The address of a page or API path under the base address.</summary>
    public Uri Link(string relative) => new(BaseUrl, relative.TrimStart('/'));

    private static string? Nonblank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
