namespace ModelHub.Web.Hosting;

internal static class LocalReturnUrl
{
    /// <summary>The return URL when it stays on this site; the dashboard otherwise (no open redirects).</summary>
    public static string From(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
