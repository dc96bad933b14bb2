using System.Net;
using System.Text.RegularExpressions;

namespace ModelHub.Tests.Scaleout.Integration;

/// <summary>
/// A browser reduced to its cookie jar, able to send each request to any instance: what a load balancer without sticky
/// sessions does to a person's requests. The instances run as in production (Secure cookies), so it plays the
/// TLS-terminating proxy on the same host (loopback is a trusted proxy) and sends X-Forwarded-Proto.
/// </summary>
public sealed partial class CookieClient : IDisposable
{
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Dictionary<string, string> cookies = [];

    public async Task<HttpResponseMessage> SendAsync(AppInstance instance, HttpRequestMessage request)
    {
        request.RequestUri = new Uri(instance.Address, request.RequestUri!.ToString());
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await http.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';', 2)[0].Split('=', 2);
            cookies[pair[0]] = pair[1];
        }

        return response;
    }

    /// <summary>The hidden inputs (antiforgery token and all) of a page served by <paramref name="instance"/>; fails on anything but 200.</summary>
    public async Task<Dictionary<string, string>> FormAsync(AppInstance instance, string path)
    {
        using var response = await SendAsync(instance, new HttpRequestMessage(HttpMethod.Get, path));
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on {instance.Name} answered {(int)response.StatusCode}.");
        return HiddenInput().Matches(page)
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
