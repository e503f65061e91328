using System.Net;
using System.Net.Sockets;

namespace Actors.Abstractions.Requests;

/// <summary>
/// Which addresses a callback may reach. A tenant names the URL, so without this check it could
/// make the platform POST into its own network (server-side request forgery).
/// </summary>
public static class CallbackAddresses
{
    private static readonly (IPAddress Network, int Bits)[] NonPublic =
    [
        (IPAddress.Parse("0.0.0.0"), 8),        // "this network"
        (IPAddress.Parse("10.0.0.0"), 8),       // private
        (IPAddress.Parse("100.64.0.0"), 10),    // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),      // loopback
        (IPAddress.Parse("169.254.0.0"), 16),   // link-local, cloud metadata services
        (IPAddress.Parse("172.16.0.0"), 12),    // private
        (IPAddress.Parse("192.0.0.0"), 24),     // protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),   // private
        (IPAddress.Parse("198.18.0.0"), 15),    // benchmarking
        (IPAddress.Parse("224.0.0.0"), 3),      // multicast, reserved, broadcast
        (IPAddress.Parse("::"), 128),           // unspecified
        (IPAddress.Parse("::1"), 128),          // loopback
        (IPAddress.Parse("64:ff9b:1::"), 48),   // local-use NAT64
        (IPAddress.Parse("fc00::"), 7),         // unique local
        (IPAddress.Parse("fe80::"), 10),        // link-local
        (IPAddress.Parse("fec0::"), 10),        // site-local
        (IPAddress.Parse("ff00::"), 8),         // multicast
    ];

    /// <summary>True when <paramref name="address"/> is on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return !NonPublic.Any(range => range.Network.AddressFamily == address.AddressFamily && InNetwork(address, range.Network, range.Bits));
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int bits)
    {
        var (a, n) = (address.GetAddressBytes(), network.GetAddressBytes());
        for (var i = 0; i < bits / 8; i++)
        {
            if (a[i] != n[i])
            {
                return false;
            }
        }
        var rest = bits % 8;
        return rest == 0 || (a[bits / 8] >> (8 - rest)) == (n[bits / 8] >> (8 - rest));
    }
}
