using Actors.Abstractions.Requests;
using System.Net;
using System.Net.Sockets;

namespace Actors.Silo.Callbacks;

/// <summary>
/// The HTTP handler callbacks are sent with. The address check sits in the connect step, on the
/// very addresses the socket connects to, so a host name that resolves to a public address when
/// validated and a private one when connected (DNS rebinding) is refused as well.
/// </summary>
public static class CallbackConnections
{
    public static SocketsHttpHandler Handler(CallbackOptions options) => new()
    {
        AllowAutoRedirect = false,
        // A proxy would connect on our behalf, past the address check.
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = options.RequestTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateNetworks, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = allowPrivateNetworks ? addresses : [.. addresses.Where(CallbackAddresses.IsPublic)];
        if (allowed.Length == 0)
        {
            throw new CallbackRefusedException(
                $"{host} is not a public address (loopback, private or link-local); only Actors:Callbacks:AllowPrivateNetworks permits it");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
