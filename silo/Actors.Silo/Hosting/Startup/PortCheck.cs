using System.Net;
using System.Net.Sockets;

namespace Actors.Silo.Hosting.Startup;

/// <summary>
/// Before anything starts: every port this process will listen on must be free. Kestrel and
/// Orleans would otherwise fail deep in their start with a stack trace that names neither the
/// port's setting nor what to do.
/// </summary>
public static class PortCheck
{
    public static void RequireFree(PlatformOptions options)
    {
        foreach (var (setting, endpoint) in Endpoints(options))
        {
            try
            {
                using var probe = new TcpListener(endpoint);
                probe.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new StartupFailure($"{endpoint} is already in use ({setting}): stop what listens there, or set {EnvironmentName(setting)} to a free port");
            }
        }
    }

    private static IEnumerable<(string Setting, IPEndPoint Endpoint)> Endpoints(PlatformOptions options)
    {
        yield return ("Actors:Url", Endpoint(options.Url));
        if (options.ServesJsonRoutes)
        {
            yield return ("Actors:JsonUrl", Endpoint(options.JsonUrl));
        }
        if (options.ServesOperatorListener)
        {
            yield return ("Actors:OperatorUrl", Endpoint(options.OperatorUrl));
        }
        if (options.Role != PlatformRole.Gateway)
        {
            var address = IPAddress.Parse(options.AdvertisedAddress);
            yield return ("Actors:SiloPort", new IPEndPoint(address, options.SiloPort));
            yield return ("Actors:OrleansGatewayPort", new IPEndPoint(address, options.OrleansGatewayPort));
        }
    }

    private static IPEndPoint Endpoint(string url)
    {
        var uri = new Uri(url);
        var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host, out var ip) ? ip : IPAddress.Any;
        return new IPEndPoint(address, uri.Port);
    }

    private static string EnvironmentName(string setting) => setting.Replace(":", "__");
}
