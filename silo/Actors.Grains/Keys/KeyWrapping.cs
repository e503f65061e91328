using System.Security.Cryptography;
using System.Text;

namespace Actors.Grains.Keys;

/// <summary>
/// AES-256-GCM with a random 96-bit nonce, the one cipher of the platform: it wraps user data
/// keys under a tenant key, and seals a user's state, raw events, exports and request subjects
/// under the user's data key. The associated data
/// binds each ciphertext to where it belongs, so a row moved to another user does not open.
/// </summary>
public static class KeyWrapping
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    public static (byte[] Nonce, byte[] Sealed) Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        using var aes = new AesGcm(key, TagSize);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        return (nonce, Seal(aes, nonce, plaintext, associatedData));
    }

    /// <summary>
    /// Seals with a cipher already keyed (many messages under one key), under a fresh random
    /// <paramref name="nonce"/> the caller drew: never reuse one under the same key.
    /// </summary>
    public static byte[] Seal(AesGcm aes, byte[] nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var sealedBytes = new byte[plaintext.Length + TagSize];
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), associatedData);
        return sealedBytes;
    }

    /// <summary>The plaintext; throws <see cref="AuthenticationTagMismatchException"/> for the wrong key or a changed byte.</summary>
    public static byte[] Open(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData)
    {
        if (sealedBytes.Length < TagSize || nonce.Length != NonceSize)
        {
            throw new AuthenticationTagMismatchException();
        }
        var plaintext = new byte[sealedBytes.Length - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(nonce, sealedBytes[..plaintext.Length], sealedBytes[plaintext.Length..], plaintext, associatedData);
        return plaintext;
    }

    /// <summary>The associated data of a user's key.</summary>
    public static byte[] UserContext(string tenantId, string userReference, Guid keyId) =>
        Encoding.UTF8.GetBytes($"{tenantId}/{userReference}/{keyId:N}");

    /// <summary>
    /// The associated data of a sealed record (a grain's state, a request's subject): where it is
    /// stored and at which version, so that a row copied onto another record, or an older row
    /// put back under a newer version, does not open.
    /// </summary>
    public static byte[] RecordContext(string record, long version, Guid keyId) =>
        Encoding.UTF8.GetBytes($"{record}/{version}/{keyId:N}");

    /// <summary>
    /// The associated data of one of the user's events: the user, the key and the event's clear
    /// times, so that a row whose times were altered (to escape a purge, say) no longer opens.
    /// </summary>
    public static byte[] EventContext(string tenantId, string userReference, Guid keyId, DateTimeOffset occurredAt, DateTimeOffset receivedAt) =>
        Encoding.UTF8.GetBytes($"{tenantId}/{userReference}/{keyId:N}/{TruncatedMicros(occurredAt)}/{TruncatedMicros(receivedAt)}");

    /// <summary>PostgreSQL keeps microseconds: the associated data must use what a row reads back.</summary>
    private static long TruncatedMicros(DateTimeOffset time) => time.UtcTicks / 10;
}
