namespace Actors.Api;

/// <summary>The gateway's settings, section <c>Actors:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Actors:Gateway";

    /// <summary>The operator key that may administer tenants. Required.</summary>
    public string OperatorKey { get; set; } = "";

    /// <summary>
    /// How long a gateway trusts its copy of a tenant's configuration. A key revoked through
    /// another gateway is refused here after at most this long; through this one, at once.
    /// </summary>
    public TimeSpan TenantCacheTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A file of "network,country" lines from which the country of an event's sender is derived
    /// (see Geo/CountryLookup). Empty: no country is derived. The address itself is never kept.
    /// </summary>
    public string CountryRanges { get; set; } = "";

    /// <summary>
    /// Addresses of proxies in front of the gateway: for calls from them, the client's address is
    /// the last one in X-Forwarded-For. Empty: the connection's peer is the client.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The largest request message accepted, in bytes.</summary>
    public int MaxReceiveMessageSize { get; set; } = 1024 * 1024;
}
