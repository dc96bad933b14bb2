using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace ModelHub.Core.Webhooks;

/// <summary>
/// Opens a delivery's connection to an address checked at that moment: the name is resolved here and the socket
/// connects to exactly the address that passed, so a name that resolved to a public address when the endpoint was
/// saved cannot be switched to a private one later (DNS rebinding).
/// </summary>
public static class WebhookConnections
{
    /// <summary>A <c>SocketsHttpHandler.ConnectCallback</c>; refuses non-public addresses unless <paramref name="allowPrivate"/>.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = allowPrivate ? addresses : [.. addresses.Where(WebhookTargets.IsPublic)];
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(addresses.Length == 0
                ? $"{host} did not resolve."
                : $"{host} resolved to {addresses[0]}, which is not a public address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            // The address actually connected to is checked too, in case the list held one this process may not reach.
            if (!allowPrivate && socket.RemoteEndPoint is IPEndPoint { Address: var connected } && !WebhookTargets.IsPublic(connected))
            {
                throw new HttpRequestException($"{host} connected to {connected}, which is not a public address.");
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
