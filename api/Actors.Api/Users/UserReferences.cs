using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Actors.Abstractions.Security;

namespace Actors.Api.Users;

/// <summary>
/// Pseudonymous user references: HMAC-SHA256 of the user id under a key derived per tenant
/// from the master key. Grain keys are built from them, so a user id (often an e-mail
/// address) is never written to the database, not even in the tombstone of a forgotten user.
/// </summary>
public sealed class UserReferences(MasterKey masterKey)
{
    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public string For(string tenantId, string userId)
    {
        var tenantKey = _tenantKeys.GetOrAdd(tenantId, id => masterKey.DeriveTenantKey(TenantKeyUse.UserReference, id));
        return Base64Url.EncodeToString(HMACSHA256.HashData(tenantKey, Encoding.UTF8.GetBytes(userId)));
    }
}
