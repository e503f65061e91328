using Actors.Abstractions.Users;
using Actors.Grains;
using Actors.Grains.Requests;
using Npgsql;
using Orleans.Configuration;

namespace Actors.Silo.Storage;

/// <summary>
/// The check behind an erasure receipt. It does not trust the erasure's own results: it reads
/// each store straight from its database by the user's reference (grain state, raw events,
/// exports, the key store, and the subject's other requests) and counts what is left.
/// </summary>
public sealed class PostgresErasureVerification(NpgsqlDataSource database, KeyStoreDatabase keyStore, ClusterOptions cluster,
    ILogger<PostgresErasureVerification> logger) : IErasureVerification
{
    private readonly JsonGrainStateSerializer _serializer = new();

    public Task<ErasureFindings> InspectAsync(string tenantId, string userReference, string userGrainId) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            // Every store of the data database in one statement, one snapshot; the key store apart.
            await using var select = database.CreateCommand(
                """
                SELECT (SELECT payload FROM actors_grain_state WHERE service_id = $3 AND grain_id = $4 AND state_name = $5),
                       (SELECT count(*) FROM actors_raw_events WHERE tenant_id = $1 AND user_reference = $2),
                       (SELECT count(*) FROM actors_request_exports WHERE tenant_id = $1 AND user_reference = $2),
                       (SELECT count(*) FROM actors_requests WHERE tenant_id = $1 AND user_reference = $2
                            AND (state->>'user_id' IS NOT NULL OR state->'rectifications' <> '{}'::jsonb))
                """);
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = userReference });
            select.Parameters.Add(new() { Value = cluster.ServiceId });
            select.Parameters.Add(new() { Value = userGrainId });
            select.Parameters.Add(new() { Value = StorageNames.UserState });
            await using var reader = await select.ExecuteReaderAsync();
            await reader.ReadAsync();
            var userState = reader.IsDBNull(0) ? null : (byte[])reader[0];
            var (rawEvents, exports, requests) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            await using var keys = keyStore.Source.CreateCommand("SELECT count(*) FROM actors_user_data_keys WHERE tenant_id = $1 AND user_reference = $2");
            keys.Parameters.Add(new() { Value = tenantId });
            keys.Parameters.Add(new() { Value = userReference });
            var dataKeys = (long)(await keys.ExecuteScalarAsync())!;
            return new ErasureFindings(userState is not null && HoldsPersonalData(userState), rawEvents, exports, dataKeys, requests);
        }, "check the erasure", logger);

    private bool HoldsPersonalData(byte[] payload)
    {
        var state = _serializer.Deserialize<UserState>(new BinaryData(payload));
        // A tombstone holds when and how much was erased, nothing else.
        return state is null || state.Erasure is null || state.CreatedAt is not null || state.Attributes.Count > 0 || state.Consents.Count > 0
            || state.ConsentHistory.Count > 0 || state.EventCounts.Count > 0 || state.Suppression is not null || state.LastActivityAt is not null;
    }
}
