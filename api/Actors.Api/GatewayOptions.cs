namespace Actors.Api;

/// <summary>The gateway's settings, section <c>Actors:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Actors:Gateway";

    /// <summary>The operator key that may administer tenants. Required.</summary>
    public string OperatorKey { get; set; } = "";

    /// <summary>
    /// Base64 of 32 random bytes from which user references are derived. Required; never
    /// stored in the database, and never changed once users exist (their grain keys derive from it).
    /// </summary>
    public string MasterKey { get; set; } = "";

    /// <summary>
    /// How long a gateway trusts its copy of a tenant's configuration. A key revoked through
    /// another gateway is refused here after at most this long; through this one, at once.
    /// </summary>
    public TimeSpan TenantCacheTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest request message accepted, in bytes.</summary>
    public int MaxReceiveMessageSize { get; set; } = 1024 * 1024;
}
