using System.Net;
using System.Net.Sockets;
using ModelHub.Core.Common;

namespace ModelHub.Core.Webhooks;

/// <summary>
/// Which URLs and addresses a webhook may reach: http(s) only, and (unless private targets are allowed) never
/// loopback, link-local, private, shared or unspecified addresses — so an Admin's URL cannot probe the host's own network.
/// </summary>
public static class WebhookTargets
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Checks the URL's form and, where it names an address or <c>localhost</c>, that address; null when acceptable.</summary>
    public static Error? CheckUrl(string? url, bool allowPrivate, out Uri? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return Error.Invalid("invalid-url", "Give the URL the events are posted to.", "url");
        }

        if (url.Length > MaxUrlLength)
        {
            return Error.Invalid("invalid-url", $"The URL is longer than {MaxUrlLength} characters.", "url");
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return Error.Invalid("invalid-url", "The URL must be an absolute http:// or https:// address.", "url");
        }

        if (uri.UserInfo.Length > 0)
        {
            return Error.Invalid("invalid-url", "The URL must not carry a user name or password; the signature authenticates ModelHub.", "url");
        }

        if (!allowPrivate)
        {
            if (IPAddress.TryParse(uri.IdnHost, out var address) && !IsPublic(address))
            {
                return PrivateTarget(address.ToString());
            }

            if (uri.IsLoopback || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                return PrivateTarget(uri.IdnHost);
            }
        }

        parsed = uri;
        return null;
    }

    /// <summary>Resolves the URL's host now and refuses it when any address is not public; a name that does not resolve yet is accepted (delivery checks again).</summary>
    public static async Task<Error?> CheckResolvedAsync(Uri uri, bool allowPrivate, CancellationToken ct)
    {
        if (allowPrivate || IPAddress.TryParse(uri.IdnHost, out _))
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(3));
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, limit.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }

        return addresses.FirstOrDefault(a => !IsPublic(a)) is { } blocked ? PrivateTarget($"{uri.IdnHost} ({blocked})") : null;
    }

    /// <summary>True for an address on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // fc00::/7 unique local
                || address.IsIPv4MappedToIPv6);
        }

        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 or 10 or 127 => false,
            100 => v4[1] is < 64 or > 127, // 100.64.0.0/10 shared address space
            169 => v4[1] != 254, // link-local, where cloud metadata services listen
            172 => v4[1] is < 16 or > 31,
            192 => !(v4[1] == 168 || (v4[1] == 0 && v4[2] == 0)),
            >= 224 => false, // multicast, reserved, broadcast
            _ => true,
        };
    }

    private static Error PrivateTarget(string what) => Error.Invalid(
        "private-target",
        $"The URL points at {what}, a loopback, link-local or private address; webhooks only reach public addresses.",
        "url");
}
