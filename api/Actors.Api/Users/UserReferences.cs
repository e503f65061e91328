using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Actors.Abstractions.Security;
using Actors.Abstractions.Privacy;

namespace Actors.Api.Users;

/// <summary>
/// Pseudonymous user references: HMAC-SHA256 of the user id under a key derived per tenant
/// from the master key. Grain keys are built from them, so a user id (often an e-mail
/// address) is never written to the database, not even in the tombstone of a forgotten user.
/// </summary>
public sealed class UserReferences(MasterKey masterKey)
{
    private readonly ConcurrentDictionary<string, HmacPool> _tenants = new(StringComparer.Ordinal);

    public string For(string tenantId, [UserId] string userId)
    {
        var hmac = _tenants.GetOrAdd(tenantId, static (id, key) => new HmacPool(key.DeriveTenantKey(TenantKeyUse.UserReference, id)), masterKey);
        Span<byte> reference = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.Hash(Encoding.UTF8.GetBytes(userId), reference);
        return Base64Url.EncodeToString(reference);
    }
}
