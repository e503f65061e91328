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
        DatabaseFailure.TranslateAsync(async () => new ErasureFindings(
            await UserStateHoldsPersonalDataAsync(userGrainId),
            await CountAsync(database, "SELECT count(*) FROM actors_raw_events WHERE tenant_id = $1 AND user_reference = $2", tenantId, userReference),
            await CountAsync(database, "SELECT count(*) FROM actors_request_exports WHERE tenant_id = $1 AND user_reference = $2", tenantId, userReference),
            await CountAsync(keyStore.Source, "SELECT count(*) FROM actors_user_data_keys WHERE tenant_id = $1 AND user_reference = $2", tenantId, userReference),
            await CountAsync(database,
                "SELECT count(*) FROM actors_requests WHERE tenant_id = $1 AND user_reference = $2 AND (state->>'user_id' IS NOT NULL OR state->'rectifications' <> '{}'::jsonb)",
                tenantId, userReference)),
            "check the erasure", logger);

    private async Task<bool> UserStateHoldsPersonalDataAsync(string userGrainId)
    {
        await using var select = database.CreateCommand(
            "SELECT payload FROM actors_grain_state WHERE service_id = $1 AND grain_id = $2 AND state_name = $3");
        select.Parameters.Add(new() { Value = cluster.ServiceId });
        select.Parameters.Add(new() { Value = userGrainId });
        select.Parameters.Add(new() { Value = StorageNames.UserState });
        if (await select.ExecuteScalarAsync() is not byte[] payload)
        {
            return false;
        }
        var state = _serializer.Deserialize<UserState>(new BinaryData(payload));
        // A tombstone holds when and how much was erased, nothing else.
        return state is null || state.Erasure is null || state.CreatedAt is not null || state.Attributes.Count > 0 || state.Consents.Count > 0
            || state.ConsentHistory.Count > 0 || state.EventCounts.Count > 0 || state.Suppression is not null || state.LastActivityAt is not null;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource source, string sql, string tenantId, string userReference)
    {
        await using var count = source.CreateCommand(sql);
        count.Parameters.Add(new() { Value = tenantId });
        count.Parameters.Add(new() { Value = userReference });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
