using System.Net;

namespace Actors.Abstractions.Requests;

/// <summary>
/// What a callback URL must be: absolute https to a public host, without credentials. Loopback
/// and private addresses would let a tenant make the platform call into its own network; they
/// are allowed only where the operator says so (development and tests). The gateway checks a
/// URL when a request names it; the dispatcher checks the address a host resolves to when it sends.
/// </summary>
public static class CallbackUrls
{
    /// <summary>What is wrong with <paramref name="url"/>, or null if it may be called back.</summary>
    public static string? Problem(string url, bool allowPrivateNetworks)
    {
        if (url.Length > Limits.CallbackUrlMaxLength)
        {
            return $"is {url.Length} characters long; the limit is {Limits.CallbackUrlMaxLength}";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return "is not an absolute http(s) URL";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "must not carry credentials; callbacks are authenticated by their signature";
        }
        if (allowPrivateNetworks)
        {
            return null;
        }
        if (uri.Scheme != "https")
        {
            return "must use https";
        }
        return uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && IsPrivate(address))
            ? "names a loopback or private address; callbacks go to public hosts only"
            : null;
    }

    /// <summary>Loopback, private (RFC 1918, unique local), link-local and unspecified addresses.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
        {
            return true;
        }
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 && (bytes[0] is 10 or 0 || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31)
            || (bytes[0] == 192 && bytes[1] == 168) || (bytes[0] == 169 && bytes[1] == 254));
    }
}
