using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Tenants;

/// <summary>
/// The text of a tenant key: <c>ak.{tenant}.{keyId}.{secret}</c>. The tenant and key id let
/// the gateway find the stored hash without a search; the secret is 256 random bits, so a
/// plain SHA-256 of it is as strong as a slow password hash would be.
/// </summary>
public static class ApiKeyFormat
{
    private const string Prefix = "ak";

    public static string NewKeyId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(string tenantId, string keyId, [Secret] string secret) => $"{Prefix}.{tenantId}.{keyId}.{secret}";

    public static byte[] HashSecret([Secret] string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Splits a key into its parts; false for anything that is not a well-formed key.</summary>
    public static bool TryParse([Secret] string? key, out string tenantId, out string keyId, [Secret] out string secret)
    {
        tenantId = keyId = secret = "";
        var parts = key?.Split('.');
        // The shape is checked in full before anything is looked up, so a made-up key costs nothing.
        if (parts is not [Prefix, var tenant, var id, var s] || !Identifiers.IsTenantId(tenant) || !IsKeyId(id) || s.Length is 0 or > 64)
        {
            return false;
        }
        (tenantId, keyId, secret) = (tenant, id, s);
        return true;
    }

    /// <summary>A key id: 12 lower-case hex digits.</summary>
    public static bool IsKeyId(string id) => id.Length == 12 && id.All(char.IsAsciiHexDigitLower);

}
