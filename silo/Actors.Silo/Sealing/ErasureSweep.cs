using Actors.Abstractions.Sealing;
using Actors.Abstractions.Users;
using Actors.Grains;
using Actors.Grains.Keys;
using Actors.Silo.Storage;
using Npgsql;

namespace Actors.Silo.Sealing;

/// <summary>
/// Replays the erasure ledger over a data database and a key store, as a restore of either
/// from an older backup needs: every key the ledger records is destroyed again, and every row
/// sealed under one is made what the erasure left (a tombstone for a forget, nothing for an
/// expiry) or deleted. Idempotent: a second sweep finds nothing to do.
/// </summary>
public sealed class ErasureSweep(NpgsqlDataSource data, ErasureLedger ledger, PostgresUserDataKeys keys, ILogger<ErasureSweep> logger)
{
    /// <summary>What one sweep did.</summary>
    public sealed record Outcome(long ErasuresReplayed, long KeysDestroyedAgain, long StatesShredded, long RawEventsDeleted, long ExportsDeleted, long SubjectsDropped);

    public async Task<Outcome> RunAsync(Action<long>? progress = null)
    {
        var tombstones = new JsonGrainStateSerializer();
        long erasures = 0, keysDestroyed = 0, states = 0, rawEvents = 0, exports = 0, subjects = 0;
        await foreach (var erasure in ledger.ReadAllAsync())
        {
            if (await keys.DestroyAgainAsync(erasure))
            {
                keysDestroyed++;
            }
            // A forget leaves its tombstone, which refuses late writes; an expiry leaves nothing.
            var forgotten = erasure.Kind == ErasureKind.Forgotten;
            var counts = await ShredAsync(erasure, forgotten
                ? tombstones.Serialize((UserState)((IPersonalState)new UserState()).AfterErasure(erasure.ErasedAt, forgotten)).ToArray()
                : null);
            states += counts[0];
            rawEvents += counts[1];
            exports += counts[2];
            subjects += counts[3];
            if (++erasures % 1000 == 0)
            {
                progress?.Invoke(erasures);
            }
        }
        var outcome = new Outcome(erasures, keysDestroyed, states, rawEvents, exports, subjects);
        logger.LogInformation("Erasure sweep: {Outcome}", outcome);
        return outcome;
    }

    /// <summary>One erasure's rows, in one transaction: the state (replaced by <paramref name="tombstone"/>, or deleted), raw events, exports, request subjects.</summary>
    private async Task<int[]> ShredAsync(ErasureLedgerEntry erasure, byte[]? tombstone)
    {
        var grainId = $"user/{UserGrainKey.For(erasure.TenantId, erasure.UserReference)}";
        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(tombstone is null
            ? "DELETE FROM actors_grain_state WHERE grain_id = $1 AND state_name = $2 AND key_id = $3"
            : "UPDATE actors_grain_state SET version = version + 1, payload = $4, key_id = NULL, nonce = NULL, modified_on = now() WHERE grain_id = $1 AND state_name = $2 AND key_id = $3",
            grainId, StorageNames.UserState, erasure.KeyId, tombstone));
        batch.BatchCommands.Add(Command("DELETE FROM actors_raw_events WHERE tenant_id = $1 AND user_reference = $2 AND key_id = $3",
            erasure.TenantId, erasure.UserReference, erasure.KeyId));
        batch.BatchCommands.Add(Command("DELETE FROM actors_request_exports WHERE tenant_id = $1 AND user_reference = $2 AND key_id = $3",
            erasure.TenantId, erasure.UserReference, erasure.KeyId));
        batch.BatchCommands.Add(Command(
            "UPDATE actors_requests SET subject_key_id = NULL, subject_nonce = NULL, sealed_subject = NULL WHERE tenant_id = $1 AND user_reference = $2 AND subject_key_id = $3",
            erasure.TenantId, erasure.UserReference, erasure.KeyId));
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return [.. batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.RecordsAffected)];
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values.Where(v => v is not null))
        {
            command.Parameters.Add(new() { Value = value });
        }
        return command;
    }
}
