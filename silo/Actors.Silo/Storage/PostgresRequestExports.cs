using Actors.Grains.Requests;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>Sealed exports of access and portability requests (<c>actors_request_exports</c>).</summary>
public sealed class PostgresRequestExports(NpgsqlDataSource database, ILogger<PostgresRequestExports> logger) : IRequestExports
{
    public Task StoreAsync(SealedExport export) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var insert = database.CreateCommand(
                """
                INSERT INTO actors_request_exports (tenant_id, request_id, user_reference, key_id, nonce, payload, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (tenant_id, request_id) DO UPDATE
                    SET key_id = excluded.key_id, nonce = excluded.nonce, payload = excluded.payload, expires_at = excluded.expires_at
                """);
            insert.Parameters.Add(new() { Value = export.TenantId });
            insert.Parameters.Add(new() { Value = export.RequestId });
            insert.Parameters.Add(new() { Value = export.UserReference });
            insert.Parameters.Add(new() { Value = export.KeyId });
            insert.Parameters.Add(new() { Value = export.Nonce });
            insert.Parameters.Add(new() { Value = export.Payload });
            insert.Parameters.Add(new() { Value = export.ExpiresAt });
            return await insert.ExecuteNonQueryAsync();
        }, "store the export", logger);

    public Task<SealedExport?> ReadAsync(string tenantId, Guid requestId) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var select = database.CreateCommand(
                "SELECT user_reference, key_id, nonce, payload, expires_at FROM actors_request_exports WHERE tenant_id = $1 AND request_id = $2");
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = requestId });
            await using var reader = await select.ExecuteReaderAsync();
            return await reader.ReadAsync()
                ? new SealedExport(tenantId, requestId, reader.GetString(0), reader.GetGuid(1), (byte[])reader[2], (byte[])reader[3], reader.GetFieldValue<DateTimeOffset>(4))
                : null;
        }, "read the export", logger);

    public Task<bool> DeleteAsync(string tenantId, Guid requestId) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var delete = database.CreateCommand("DELETE FROM actors_request_exports WHERE tenant_id = $1 AND request_id = $2");
            delete.Parameters.Add(new() { Value = tenantId });
            delete.Parameters.Add(new() { Value = requestId });
            return await delete.ExecuteNonQueryAsync() > 0;
        }, "delete the export", logger);

    public Task<int> PurgeUserAsync(string tenantId, string userReference) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var delete = database.CreateCommand("DELETE FROM actors_request_exports WHERE tenant_id = $1 AND user_reference = $2");
            delete.Parameters.Add(new() { Value = tenantId });
            delete.Parameters.Add(new() { Value = userReference });
            return await delete.ExecuteNonQueryAsync();
        }, "purge the user's exports", logger);
}
