using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Actors.Api.Users;

/// <summary>
/// Pseudonymous user references: HMAC-SHA256 of the user id under a key derived per tenant
/// from the master key. Grain keys are built from them, so a user id (often an e-mail
/// address) is never written to the database, not even in the tombstone of a forgotten user.
/// </summary>
public sealed class UserReferences
{
    private readonly byte[] _masterKey;
    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public UserReferences(IOptions<GatewayOptions> options)
    {
        _masterKey = Convert.FromBase64String(options.Value.MasterKey);
        if (_masterKey.Length < 32)
        {
            throw new InvalidOperationException($"{GatewayOptions.Section}:MasterKey must be base64 of at least 32 bytes");
        }
    }

    public string For(string tenantId, string userId)
    {
        var tenantKey = _tenantKeys.GetOrAdd(tenantId, DeriveTenantKey);
        var mac = HMACSHA256.HashData(tenantKey, Encoding.UTF8.GetBytes(userId));
        return Base64Url.EncodeToString(mac);
    }

    private byte[] DeriveTenantKey(string tenantId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKey, 32, salt: [], info: Encoding.UTF8.GetBytes($"actors/user-reference/v1/{tenantId}"));
}
