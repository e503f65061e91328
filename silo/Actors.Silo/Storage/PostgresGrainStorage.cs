using System.Globalization;
using Actors.Abstractions.Audit;
using Actors.Silo.Audit;
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
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly string _serviceId;
    private readonly TimeProvider _clock;
    private readonly AuditChainAppend _audit;
    private readonly GroupCommit<PendingWrite, int?> _writes;

    public PostgresGrainStorage(NpgsqlDataSource database, IGrainStorageSerializer serializer, ClusterOptions cluster,
        int writesPerCommit, int writers, AuditChainAppend audit, TimeProvider clock)
    {
        (_database, _serializer, _serviceId, _clock, _audit) = (database, serializer, cluster.ServiceId, clock, audit);
        _writes = new(CommitAsync, _ => 1, writesPerCommit, writers,
            "store grain state", "Actors:StateWritesPerCommit and Actors:StateWriters", lane: write => write.Audit?.TenantId);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var select = _database.CreateCommand(
            "SELECT version, payload FROM actors_grain_state WHERE service_id = $1 AND grain_id = $2 AND state_name = $3");
        select.Parameters.Add(new() { Value = _serviceId });
        select.Parameters.Add(new() { Value = grainId.ToString() });
        select.Parameters.Add(new() { Value = stateName });
        await using var reader = await select.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.State = _serializer.Deserialize<T>(new BinaryData((byte[])reader[1]))!;
            grainState.ETag = reader.GetInt32(0).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = new PendingWrite(stateName, grainId.ToString(), Version(grainState.ETag), _serializer.Serialize(grainState.State).ToArray(), Audit());
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
                INSERT INTO actors_grain_state (service_id, grain_id, state_name, version, payload, modified_on)
                VALUES ($1, $2, $3, 1, $5, $6)
                ON CONFLICT (service_id, grain_id, state_name) DO NOTHING
                RETURNING version
                """),
            _ => new NpgsqlBatchCommand(
                """
                UPDATE actors_grain_state SET version = version + 1, payload = $5, modified_on = $6
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
        return statement;
    }

    /// <summary>The audit entry the grain gave this write, if any, checked before it can fail a shared commit.</summary>
    private static AuditEntry? Audit() => StateWriteAudit.Current is { } entry ? AuditChainAppend.Prepare(entry) : null;

    private static int? Version(string? etag) => etag is null ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    private static InconsistentStateException Conflict(GrainId grainId, string? etag) =>
        new($"the stored state of {grainId} is no longer version {etag ?? "(none)"}: another activation wrote it", etag, null, null);

    private sealed record PendingWrite(string StateName, string GrainId, int? ExpectedVersion, byte[]? Payload, AuditEntry? Audit);
}
