using System.Security.Cryptography;
using Actors.Abstractions.Errors;
using Actors.Grains.Keys;

namespace Actors.Silo.Sealing;

/// <summary>
/// The one way a record about a user is sealed and opened: AES-256-GCM under the user's data
/// key (<see cref="KeyWrapping"/>), bound to the record and its version. Grain state and
/// request subjects both go through here.
/// </summary>
public sealed class PersonalSealing(IUserDataKeys keys, ErasureLedger ledger, ILogger<PersonalSealing> logger)
{
    /// <summary>What a sealed record opened to: its plaintext, or the erasure that destroyed its key.</summary>
    public sealed record Opened(byte[]? Plaintext, ErasureLedgerEntry? Erasure);

    /// <summary>Seals <paramref name="plaintext"/> as <paramref name="record"/> at <paramref name="version"/>, creating the user's key on first use.</summary>
    public async Task<SealedPayload> SealAsync(string tenantId, string userReference, string record, long version, ReadOnlyMemory<byte> plaintext, ActivationDataKey? cache = null)
    {
        var key = cache?.Key ?? (await keys.GetOrCreateAsync(tenantId, userReference)).Key;
        if (cache is not null)
        {
            cache.Key = key;
        }
        var (nonce, ciphertext) = KeyWrapping.Seal(key.Key, plaintext.Span, KeyWrapping.RecordContext(record, version, key.KeyId));
        return new SealedPayload(key.KeyId, nonce, ciphertext);
    }

    /// <summary>
    /// Opens a sealed record. A key the key store no longer holds is looked up in the erasure
    /// ledger: a recorded erasure is an answer (the record reads as erased), a missing key
    /// without one is an error for the operator (a key store that is not this data's).
    /// </summary>
    public async Task<Opened> OpenAsync(string tenantId, string userReference, string record, long version, SealedPayload stored, ActivationDataKey? cache = null)
    {
        var key = cache?.Key is { } held && held.KeyId == stored.KeyId ? held : await keys.FindAsync(tenantId, userReference);
        if (key is null || key.KeyId != stored.KeyId)
        {
            if (await ledger.FindAsync(stored.KeyId) is { } erasure)
            {
                return new Opened(null, erasure);
            }
            if (key is not null)
            {
                // The user has a key, and this row names another that no erasure destroyed: it is not this user's row.
                throw Corrupted(tenantId);
            }
            logger.LogError("A sealed record of tenant {Tenant} names a data key the key store does not hold and the erasure ledger does not record", tenantId);
            throw new DomainException(DomainError.StorageUnavailable,
                "the data key that sealed this user's data is not in the key store and no erasure of it is recorded: " +
                "the platform runs on a key store (Actors:KeyStore) that is not this data's; an operator must restore the key store it was made with");
        }
        if (cache is not null)
        {
            cache.Key = key;
        }
        try
        {
            return new Opened(KeyWrapping.Open(key.Key, stored.Nonce, stored.Ciphertext, KeyWrapping.RecordContext(record, version, key.KeyId)), null);
        }
        catch (CryptographicException)
        {
            throw Corrupted(tenantId);
        }
    }

    private DomainException Corrupted(string tenantId)
    {
        logger.LogError("A sealed record of tenant {Tenant} does not open under its key: altered, or copied from another record", tenantId);
        return new DomainException(DomainError.Corrupted,
            "the stored data of this user does not open under its key: the row was altered or copied from another record; " +
            "nothing was changed, and no other user is affected");
    }
}
