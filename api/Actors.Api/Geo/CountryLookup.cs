using System.Buffers.Binary;
using System.Net;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Actors.Api.Geo;

/// <summary>
/// Derives a country from a client address, so that the country can be kept and the address
/// never is. The ranges come from the operator's file (<see cref="GatewayOptions.CountryRanges"/>:
/// lines of "network,country", such as "203.0.113.0/24,NL", e.g. converted from a GeoLite2 or
/// IP2Location country CSV). Without a file, no country is derived.
/// </summary>
public sealed class CountryLookup
{
    private readonly Range[] _ranges;
    private readonly HashSet<IPAddress> _trustedProxies;

    public CountryLookup(IOptions<GatewayOptions> options)
    {
        var path = options.Value.CountryRanges;
        _ranges = string.IsNullOrWhiteSpace(path) ? [] : Load(path);
        _trustedProxies = options.Value.TrustedProxies.Select(IPAddress.Parse).ToHashSet();
    }

    /// <summary>The country of the client that made the call, or "" if unknown.</summary>
    public string CountryOfCaller(ServerCallContext context) =>
        _ranges.Length == 0 ? "" : CountryOf(ClientAddress.Of(context.GetHttpContext(), _trustedProxies));

    /// <summary>The ISO 3166-1 alpha-2 code of the address's country, or "" if unknown.</summary>
    public string CountryOf(IPAddress? address)
    {
        if (address is null || _ranges.Length == 0)
        {
            return "";
        }
        var value = ToNumber(address);
        // The last range starting at or before the address; ranges do not overlap.
        int low = 0, high = _ranges.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (_ranges[middle].First <= value)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return found >= 0 && value <= _ranges[found].Last ? _ranges[found].Country : "";
    }

    private static Range[] Load(string path)
    {
        var ranges = new List<Range>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            var parts = text.Split(',');
            if (parts.Length != 2 || !IPNetwork.TryParse(parts[0].Trim(), out var network) || parts[1].Trim() is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
            {
                throw new InvalidOperationException($"{path}:{lineNumber}: expected \"network,country\" such as \"203.0.113.0/24,NL\", found \"{text}\"");
            }
            var first = ToNumber(network.BaseAddress);
            var hostBits = (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128) - network.PrefixLength;
            var last = hostBits == 128 ? UInt128.MaxValue : first | ((UInt128.One << hostBits) - 1);
            ranges.Add(new Range(first, last, country));
        }
        ranges.Sort((a, b) => a.First.CompareTo(b.First));
        return [.. ranges];
    }

    /// <summary>An address as a number; IPv4 as its IPv4-mapped IPv6 form, so both kinds share one order.</summary>
    private static UInt128 ToNumber(IPAddress address) =>
        BinaryPrimitives.ReadUInt128BigEndian(address.MapToIPv6().GetAddressBytes());

    private readonly record struct Range(UInt128 First, UInt128 Last, string Country);
}
