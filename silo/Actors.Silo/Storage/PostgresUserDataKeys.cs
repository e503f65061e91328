using System.Collections.Concurrent;
using System.Security.Cryptography;
using Actors.Abstractions.Security;
using Actors.Grains.Keys;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// The key store on PostgreSQL: each user's data key, wrapped by the tenant's key-encryption
/// key. That key is derived from the master key in memory and never stored, so the key store
/// alone reads nothing either.
/// </summary>
public sealed class PostgresUserDataKeys(KeyStoreDatabase keyStore, MasterKey masterKey, TimeProvider clock, ILogger<PostgresUserDataKeys> logger) : IUserDataKeys
{
    private readonly ConcurrentDictionary<string, byte[]> _tenantKeys = new(StringComparer.Ordinal);

    public Task<UserDataKey?> FindAsync(string tenantId, string userReference) =>
        DatabaseFailure.TranslateAsync(() => ReadAsync(tenantId, userReference), "read the user's data key", logger);

    public Task<UserDataKey> GetOrCreateAsync(string tenantId, string userReference) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            if (await ReadAsync(tenantId, userReference) is { } existing)
            {
                return existing;
            }
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
            // Another activation of the same user (a cluster in transition) may have won the race: use its key.
            return await insert.ExecuteNonQueryAsync() == 1 ? created : (await ReadAsync(tenantId, userReference))!;
        }, "store the user's data key", logger);

    public Task<bool> DestroyAsync(string tenantId, string userReference) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var delete = keyStore.Source.CreateCommand("DELETE FROM actors_user_data_keys WHERE tenant_id = $1 AND user_reference = $2");
            delete.Parameters.Add(new() { Value = tenantId });
            delete.Parameters.Add(new() { Value = userReference });
            return await delete.ExecuteNonQueryAsync() > 0;
        }, "destroy the user's data key", logger);

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
        var key = KeyWrapping.Open(TenantKey(tenantId), (byte[])reader[1], (byte[])reader[2], KeyWrapping.UserContext(tenantId, userReference, keyId));
        return new UserDataKey(keyId, key);
    }

    private byte[] TenantKey(string tenantId) =>
        _tenantKeys.GetOrAdd(tenantId, id => masterKey.DeriveTenantKey(TenantKeyUse.KeyEncryption, id));
}
