using System.Collections.Concurrent;
using System.Security.Cryptography;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Security;
using Actors.Grains.Keys;
using Actors.Silo.Sealing;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// The key store on PostgreSQL: each user's data key, wrapped by the tenant's key-encryption
/// key. That key is derived from the master key in memory and never stored, so the key store
/// alone reads nothing either. A key is destroyed only after the erasure ledger records it.
/// </summary>
public sealed class PostgresUserDataKeys(KeyStoreDatabase keyStore, ErasureLedger ledger, MasterKey masterKey, TimeProvider clock,
    ILogger<PostgresUserDataKeys> logger) : IUserDataKeys
{
    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public Task<UserDataKey?> FindAsync(string tenantId, string userReference) =>
        DatabaseFailure.TranslateAsync(() => ReadAsync(tenantId, userReference), "read the user's data key", logger);

    public Task<(UserDataKey Key, bool Created)> GetOrCreateAsync(string tenantId, string userReference) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                if (await ReadAsync(tenantId, userReference) is { } existing)
                {
                    return (existing, false);
                }
                if (await TryCreateAsync(tenantId, userReference) is { } created)
                {
                    return (created, true);
                }
                // Another activation created the key between our read and insert; read it, unless
                // it was destroyed meanwhile too, then try again (a few times at most).
                if (attempt == 3)
                {
                    throw DatabaseFailure.Unavailable("create the user's data key: it is being created and destroyed concurrently");
                }
            }
        }, "store the user's data key", logger);

    public async Task<bool> DestroyAsync(string tenantId, string userReference, ErasureKind kind)
    {
        var keyId = await DatabaseFailure.TranslateAsync(async () =>
        {
            await using var select = keyStore.Source.CreateCommand("SELECT key_id FROM actors_user_data_keys WHERE tenant_id = $1 AND user_reference = $2");
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = userReference });
            return await select.ExecuteScalarAsync() as Guid?;
        }, "find the user's data key", logger);
        if (keyId is null)
        {
            return false;
        }
        // The ledger first: a key gone without its entry would leave a restored backup's rows of
        // this user unexplained instead of erased.
        await ledger.RecordAsync(new ErasureLedgerEntry(keyId.Value, tenantId, userReference, kind, clock.GetUtcNow()));
        return await DatabaseFailure.TranslateAsync(async () =>
        {
            await using var delete = keyStore.Source.CreateCommand(
                "DELETE FROM actors_user_data_keys WHERE tenant_id = $1 AND user_reference = $2 AND key_id = $3");
            delete.Parameters.Add(new() { Value = tenantId });
            delete.Parameters.Add(new() { Value = userReference });
            delete.Parameters.Add(new() { Value = keyId.Value });
            return await delete.ExecuteNonQueryAsync() > 0;
        }, "destroy the user's data key", logger);
    }

    /// <summary>Destroys a key the ledger records, if the key store (restored from a backup) holds it again; true if it did.</summary>
    public Task<bool> DestroyAgainAsync(ErasureLedgerEntry erased) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var delete = keyStore.Source.CreateCommand("DELETE FROM actors_user_data_keys WHERE key_id = $1");
            delete.Parameters.Add(new() { Value = erased.KeyId });
            return await delete.ExecuteNonQueryAsync() > 0;
        }, "destroy a data key the erasure ledger records", logger);

    private async Task<UserDataKey?> TryCreateAsync(string tenantId, string userReference)
    {
        var created = new UserDataKey(Guid.NewGuid(), RandomNumberGenerator.GetBytes(32));
        var (nonce, wrapped) = KeyWrapping.Seal(TenantKey(tenantId), created.Key, KeyWrapping.UserContext(tenantId, userReference, created.KeyId));
        await using var insert = keyStore.Source.CreateCommand(
            """
            INSERT INTO actors_user_data_keys (tenant_id, user_reference, key_id, nonce, wrapped_key, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tenant_id, user_reference) DO NOTHING
            """);
        insert.Parameters.Add(new() { Value = tenantId });
        insert.Parameters.Add(new() { Value = userReference });
        insert.Parameters.Add(new() { Value = created.KeyId });
        insert.Parameters.Add(new() { Value = nonce });
        insert.Parameters.Add(new() { Value = wrapped });
        insert.Parameters.Add(new() { Value = clock.GetUtcNow().ToUniversalTime() });
        return await insert.ExecuteNonQueryAsync() == 1 ? created : null;
    }

    private async Task<UserDataKey?> ReadAsync(string tenantId, string userReference)
    {
        await using var select = keyStore.Source.CreateCommand(
            "SELECT key_id, nonce, wrapped_key FROM actors_user_data_keys WHERE tenant_id = $1 AND user_reference = $2");
        select.Parameters.Add(new() { Value = tenantId });
        select.Parameters.Add(new() { Value = userReference });
        await using var reader = await select.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }
        var keyId = reader.GetGuid(0);
        try
        {
            var key = KeyWrapping.Open(TenantKey(tenantId), (byte[])reader[1], (byte[])reader[2], KeyWrapping.UserContext(tenantId, userReference, keyId));
            return new UserDataKey(keyId, key);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            logger.LogError(e, "A data key of tenant {Tenant} does not unwrap: Actors:MasterKey differs from the one that wrapped it, or the row was altered", tenantId);
            throw new DomainException(DomainError.StorageUnavailable,
                "the user's data key cannot be unwrapped with this platform's master key; an operator must restore the master key it was made with");
        }
    }

    private byte[] TenantKey(string tenantId) =>
        _tenantKeys.GetOrAdd(tenantId, id => masterKey.DeriveTenantKey(TenantKeyUse.KeyEncryption, id));
}
