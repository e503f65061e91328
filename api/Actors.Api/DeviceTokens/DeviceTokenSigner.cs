using System.Collections.Concurrent;
using Actors.Abstractions.Security;
using Actors.Api.Users;

namespace Actors.Api.DeviceTokens;

/// <summary>
/// Issues and verifies device tokens with each tenant's device-token key, derived from the
/// master key: a token is checked by its signature alone, with no database read.
/// </summary>
public sealed class DeviceTokenSigner(MasterKey masterKey)
{
    private readonly ConcurrentDictionary<string, HmacPool> _tenants = new(StringComparer.Ordinal);

    public string Issue(DeviceTokenClaims claims) => DeviceTokenFormat.Encode(claims, SignerOf(claims.TenantId));

    /// <summary>The verified claims of a token presented for <paramref name="tenantId"/>, or null and why not.</summary>
    public DeviceTokenClaims? Verify(string token, string tenantId, out string? refusal) =>
        DeviceTokenFormat.Decode(token, tenantId, SignerOf(tenantId), out refusal);

    // Only tenants whose API key authenticated reach here, so the cache holds real tenants only.
    private HmacPool SignerOf(string tenantId) =>
        _tenants.GetOrAdd(tenantId, static (id, key) => new HmacPool(key.DeriveTenantKey(TenantKeyUse.DeviceToken, id)), masterKey);
}
