using System.Net;
using Microsoft.AspNetCore.Http;
using Actors.Abstractions.Privacy;

namespace Actors.Api.Geo;

/// <summary>
/// The address a call came from: the connection's peer, or, when that peer is a proxy the
/// operator trusts, the address the proxy appended last to X-Forwarded-For. Used only to derive
/// a country; it is never stored or logged.
/// </summary>
public static class ClientAddress
{
    [return: IpAddress]
    public static IPAddress? Of(HttpContext? http, IReadOnlySet<IPAddress> trustedProxies)
    {
        var peer = http?.Connection.RemoteIpAddress;
        if (peer is null || !trustedProxies.Contains(peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer))
        {
            return peer;
        }
        var forwarded = http!.Request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        return last is not null && IPAddress.TryParse(last, out var client) ? client : peer;
    }
}
