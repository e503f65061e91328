using Actors.Abstractions.Telemetry;
using System.Globalization;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Sealing;
using Actors.Abstractions.Users;
using Actors.Grains.Keys;
using Actors.Silo.Audit;
using Actors.Silo.Sealing;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace Actors.Silo.Storage;

/// <summary>
/// Grain state in PostgreSQL with group commit (<see cref="GroupCommit{TWork,TResult}"/>): the
/// writes and clears of every grain of the silo that wait together go as one batch of
/// statements, which PostgreSQL runs as one transaction with one commit; each grain's call
/// returns after that commit. Each statement checks the version the grain read (its ETag), so a stale
/// activation's write changes nothing and fails with <see cref="InconsistentStateException"/>,
/// without failing the others of its batch. Reads go straight to the database.
/// <para>
/// A write made with an audit entry (<see cref="StateWriteAudit"/>) commits the entry in the
/// same transaction, chained by <see cref="AuditChainAppend"/>: the change and its entry are
/// stored together or not at all, with one flush. A stale write's entry is left out.
/// </para>
/// <para>
/// A user grain's state that holds personal data (<see cref="IPersonalState"/>) is sealed under
/// the user's data key before it is queued, bound to the grain and the version it will have:
/// only the grain id, version, time and key id stay in clear. A row sealed under a key that an
/// erasure destroyed (a restored backup) reads as erased, and is replaced on that first sight.
/// </para>
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly string _serviceId;
    private readonly TimeProvider _clock;
    private readonly AuditChainAppend _audit;
    private readonly GroupCommit<PendingWrite, int?> _writes;
    private readonly PersonalSealing? _sealing;
    private readonly IGrainContextAccessor? _activations;

    /// <param name="sealing">Seals personal state; without it (tests of the commit path) every state is stored in clear.</param>
    public PostgresGrainStorage(NpgsqlDataSource database, IGrainStorageSerializer serializer, ClusterOptions cluster,
        int writesPerCommit, int writers, AuditChainAppend audit, TimeProvider clock,
        PersonalSealing? sealing = null, IGrainContextAccessor? activations = null, PlatformMetrics? metrics = null)
    {
        (_database, _serializer, _serviceId, _clock, _audit, _sealing, _activations) = (database, serializer, cluster.ServiceId, clock, audit, sealing, activations);
        _writes = new(CommitAsync, _ => 1, writesPerCommit, writers,
            "store grain state", "Actors:StateWritesPerCommit and Actors:StateWriters", lane: write => write.Audit?.TenantId, durable: metrics is null ? null : metrics.StateCommitted);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        int version;
        byte[] payload;
        SealedPayload? sealedPayload;
        await using (var select = _database.CreateCommand(
            "SELECT version, payload, key_id, nonce FROM actors_grain_state WHERE service_id = $1 AND grain_id = $2 AND state_name = $3"))
        {
            select.Parameters.Add(new() { Value = _serviceId });
            select.Parameters.Add(new() { Value = grainId.ToString() });
            select.Parameters.Add(new() { Value = stateName });
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                grainState.State = Activator.CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }
            (version, payload) = (reader.GetInt32(0), (byte[])reader[1]);
            sealedPayload = reader.IsDBNull(2) ? null : new SealedPayload(reader.GetGuid(2), (byte[])reader[3], payload);
        }
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        if (sealedPayload is null)
        {
            // In clear: a tombstone, or a row of a version that did not seal yet (sealed by its next write).
            grainState.State = _serializer.Deserialize<T>(new BinaryData(payload))!;
            return;
        }
        var (tenantId, userReference) = OwnerOf(grainId);
        var opened = await Sealing.OpenAsync(tenantId, userReference, grainId.ToString(), version, sealedPayload, KeyCache(grainId));
        if (opened.Plaintext is { } plaintext)
        {
            grainState.State = _serializer.Deserialize<T>(new BinaryData(plaintext))!;
            return;
        }
        await ReplaceShreddedAsync(stateName, grainId, grainState, opened.Erasure!);
    }

    /// <summary>
    /// A row sealed under a destroyed key (a backup from before the erasure, restored) is the
    /// erasure's outcome: a forget's tombstone, or no state after an expiry. Stored so at once.
    /// </summary>
    private async Task ReplaceShreddedAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, ErasureLedgerEntry erasure)
    {
        var shredded = ((IPersonalState)Activator.CreateInstance<T>()!).AfterErasure(erasure.ErasedAt, erasure.Kind == ErasureKind.Forgotten);
        grainState.State = (T)shredded;
        if (shredded.HoldsPersonalData || erasure.Kind == ErasureKind.Forgotten)
        {
            await WriteStateAsync(stateName, grainId, grainState);
        }
        else
        {
            await ClearStateAsync(stateName, grainId, grainState);
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var expected = Version(grainState.ETag);
        var payload = _serializer.Serialize(grainState.State).ToArray();
        SealedPayload? sealedPayload = null;
        if (grainState.State is IPersonalState { HoldsPersonalData: true })
        {
            var (tenantId, userReference) = OwnerOf(grainId);
            sealedPayload = await Sealing.SealAsync(tenantId, userReference, grainId.ToString(), (expected ?? 0) + 1, payload, KeyCache(grainId));
        }
        var write = new PendingWrite(stateName, grainId.ToString(), expected, sealedPayload?.Ciphertext ?? payload, Audit(), sealedPayload?.KeyId, sealedPayload?.Nonce);
        var stored = await _writes.EnqueueAsync(write);
        grainState.ETag = (stored ?? throw Conflict(grainId, grainState.ETag)).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null && await _writes.EnqueueAsync(new PendingWrite(stateName, grainId.ToString(), Version(grainState.ETag), Payload: null, Audit())) is null)
        {
            throw Conflict(grainId, grainState.ETag);
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    /// <summary>One transaction: per write, the new version, or null if the grain's version was stale.</summary>
    private Task<IReadOnlyList<int?>> CommitAsync(IReadOnlyList<PendingWrite> group) =>
        group.Any(w => w.Audit is not null) ? CommitAuditedAsync(group) : CommitUnauditedAsync(group);

    /// <summary>One round trip: without an explicit transaction PostgreSQL runs a batch as one implicit transaction.</summary>
    private async Task<IReadOnlyList<int?>> CommitUnauditedAsync(IReadOnlyList<PendingWrite> group)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        AddStatements(batch, group);
        await using var reader = await batch.ExecuteReaderAsync();
        return await ReadVersionsAsync(reader, group.Count);
    }

    /// <summary>
    /// Two round trips: the writes and the lock of the audit heads; then the entries of the
    /// writes that were not stale, the moved heads and COMMIT. The heads are locked after the
    /// grain rows, in tenant order, as every other writer of the chain locks them.
    /// </summary>
    private Task<IReadOnlyList<int?>> CommitAuditedAsync(IReadOnlyList<PendingWrite> group) =>
        BatchedTransaction.RunAsync(_database, async connection =>
        {
            await using var open = BatchedTransaction.Open(connection);
            AddStatements(open, group);
            foreach (var command in AuditChainAppend.LockHeads([.. group.Where(w => w.Audit is not null).Select(w => w.Audit!.TenantId).Distinct()]))
            {
                open.BatchCommands.Add(command);
            }
            IReadOnlyList<int?> versions;
            Dictionary<string, (long Seq, byte[] Hash)> heads;
            await using (var reader = await open.ExecuteReaderAsync())
            {
                versions = await ReadVersionsAsync(reader, group.Count);
                heads = await AuditChainAppend.ReadHeadsAsync(reader);
            }
            await BatchedTransaction.CommitAsync(connection, close =>
                _audit.Append(close, [.. group.Where((w, i) => w.Audit is not null && versions[i] is not null).Select(w => w.Audit!)], heads));
            return versions;
        });

    private void AddStatements(NpgsqlBatch batch, IReadOnlyList<PendingWrite> group)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var write in group)
        {
            batch.BatchCommands.Add(Statement(write, now));
        }
    }

    /// <summary>
    /// The versions the write statements returned, one result each (none for a stale write),
    /// leaving the reader on the next result. The reminder table reads its ETags the same way.
    /// </summary>
    internal static async Task<int?[]> ReadVersionsAsync(NpgsqlDataReader reader, int count)
    {
        var versions = new int?[count];
        for (var i = 0; i < count; i++)
        {
            versions[i] = await reader.ReadAsync() ? reader.GetInt32(0) : null;
            await reader.NextResultAsync();
        }
        return versions;
    }

    private NpgsqlBatchCommand Statement(PendingWrite write, DateTime now)
    {
        var statement = (write.Payload, write.ExpectedVersion) switch
        {
            (null, _) => new NpgsqlBatchCommand(
                "DELETE FROM actors_grain_state WHERE service_id = $1 AND grain_id = $2 AND state_name = $3 AND version = $4 RETURNING version + 1"),
            (_, null) => new NpgsqlBatchCommand(
                """
                INSERT INTO actors_grain_state (service_id, grain_id, state_name, version, payload, modified_on, key_id, nonce)
                VALUES ($1, $2, $3, 1, $5, $6, $7, $8)
                ON CONFLICT (service_id, grain_id, state_name) DO NOTHING
                RETURNING version
                """),
            _ => new NpgsqlBatchCommand(
                """
                UPDATE actors_grain_state SET version = version + 1, payload = $5, modified_on = $6, key_id = $7, nonce = $8
                WHERE service_id = $1 AND grain_id = $2 AND state_name = $3 AND version = $4
                RETURNING version
                """),
        };
        statement.Parameters.Add(new() { Value = _serviceId });
        statement.Parameters.Add(new() { Value = write.GrainId });
        statement.Parameters.Add(new() { Value = write.StateName });
        statement.Parameters.Add(new() { Value = (object?)write.ExpectedVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        statement.Parameters.Add(new() { Value = (object?)write.Payload ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        statement.Parameters.Add(new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        if (write.Payload is not null)
        {
            statement.Parameters.Add(new() { Value = (object?)write.KeyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
            statement.Parameters.Add(new() { Value = (object?)write.Nonce ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        }
        return statement;
    }

    /// <summary>The audit entry the grain gave this write, if any, checked before it can fail a shared commit.</summary>
    private static AuditEntry? Audit() => StateWriteAudit.Current is { } entry ? AuditChainAppend.Prepare(entry) : null;

    private PersonalSealing Sealing => _sealing ?? throw new InvalidOperationException("personal state needs the sealing of the platform's key store");

    /// <summary>Only user grains hold personal state: their key names the tenant and the user's reference.</summary>
    private static (string TenantId, string UserReference) OwnerOf(GrainId grainId) =>
        grainId.Type.ToString() == UserGrainType ? UserGrainKey.Parse(grainId.Key.ToString()!)
            : throw new InvalidOperationException($"grains of type {grainId.Type} hold no personal state to seal");

    /// <summary>The activation's key holder, when the call runs in that grain's activation (it always does, but for tests of the store alone).</summary>
    private ActivationDataKey? KeyCache(GrainId grainId) =>
        _activations?.GrainContext is { } activation && activation.GrainId == grainId ? ActivationDataKey.Of(activation) : null;

    private const string UserGrainType = "user";

    private static int? Version(string? etag) => etag is null ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    private static InconsistentStateException Conflict(GrainId grainId, string? etag) =>
        new($"the stored state of {grainId} is no longer version {etag ?? "(none)"}: another activation wrote it", etag, null, null);

    private sealed record PendingWrite(string StateName, string GrainId, int? ExpectedVersion, byte[]? Payload, AuditEntry? Audit,
        Guid? KeyId = null, byte[]? Nonce = null);
}
