using System.Security.Cryptography;
using System.Text;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Security;

/// <summary>
/// The platform's root secret (setting <c>Actors:MasterKey</c>), from which every per-tenant key
/// is derived with HKDF. It lives in configuration only, never in a database, so that no copy
/// of a database is enough to read or link what the platform protects with it.
/// </summary>
[Secret]
public sealed class MasterKey
{
    public const string Setting = "Actors:MasterKey";

    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    /// <summary>Reads the setting's value: base64 of at least 32 random bytes.</summary>
    public static MasterKey Parse(string? base64)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64 ?? "");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{Setting} is not base64; set it to base64 of 32 random bytes (openssl rand -base64 32)");
        }
        return key.Length >= 32
            ? new MasterKey(key)
            : throw new InvalidOperationException($"{Setting} must be set to base64 of at least 32 random bytes (openssl rand -base64 32)");
    }

    /// <summary>A 256-bit key of one tenant for one use; different uses never share a key.</summary>
    public byte[] DeriveTenantKey(TenantKeyUse use, string tenantId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: [], info: Encoding.UTF8.GetBytes($"actors/{Label(use)}/v1/{tenantId}"));

    /// <summary>A 256-bit secret of the whole platform for one named use (for example the signing key).</summary>
    public byte[] DerivePlatformSecret(string use) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: [], info: Encoding.UTF8.GetBytes($"actors/platform/{use}"));

    private static string Label(TenantKeyUse use) => use switch
    {
        TenantKeyUse.UserReference => "user-reference",
        TenantKeyUse.KeyEncryption => "key-encryption",
        TenantKeyUse.DeviceToken => "device-token",
        _ => throw new ArgumentOutOfRangeException(nameof(use)),
    };
}
