using System.Security.Cryptography;
using System.Text;
using Actors.Grains.Keys;

namespace Actors.Grains.Requests;

/// <summary>
/// Seals an export under the user's data key. The associated data binds tenant, request, user
/// and key, so a sealed export moved to another request or user does not open.
/// </summary>
public static class ExportSealing
{
    private const int TagSize = 16;

    public static SealedExport Seal(string tenantId, Guid requestId, string userReference, UserDataKey key, string json, DateTimeOffset expiresAt)
    {
        var plaintext = Encoding.UTF8.GetBytes(json);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var payload = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(key.Key, TagSize);
        aes.Encrypt(nonce, plaintext, payload.AsSpan(0, plaintext.Length), payload.AsSpan(plaintext.Length), Context(tenantId, requestId, userReference, key.KeyId));
        return new SealedExport(tenantId, requestId, userReference, key.KeyId, nonce, payload, expiresAt);
    }

    /// <summary>The export's JSON; throws <see cref="CryptographicException"/> if it does not open with this key.</summary>
    public static string Open(SealedExport export, UserDataKey key)
    {
        var ciphertext = export.Payload.AsSpan(0, export.Payload.Length - TagSize);
        var plaintext = new byte[ciphertext.Length];
        using var aes = new AesGcm(key.Key, TagSize);
        aes.Decrypt(export.Nonce, ciphertext, export.Payload.AsSpan(ciphertext.Length), plaintext,
            Context(export.TenantId, export.RequestId, export.UserReference, export.KeyId));
        return Encoding.UTF8.GetString(plaintext);
    }

    private static byte[] Context(string tenantId, Guid requestId, string userReference, Guid keyId) =>
        Encoding.UTF8.GetBytes($"actors/export/v1\n{tenantId}\n{requestId:D}\n{userReference}\n{keyId:D}");
}
