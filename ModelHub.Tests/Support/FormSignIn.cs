using System.Net;
using System.Text.RegularExpressions;

namespace ModelHub.Tests.Support;

/// <summary>Signs in through the real static-SSR form, antiforgery token and all, so the client holds the auth cookie.</summary>
public static partial class FormSignIn
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(page))
        {
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        }

        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var response = await PostFormAsync(client, "/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in did not redirect: {(int)response.StatusCode}");
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
