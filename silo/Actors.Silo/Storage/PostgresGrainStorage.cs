using System.Globalization;
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
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly string _serviceId;
    private readonly TimeProvider _clock;
    private readonly GroupCommit<PendingWrite, int?> _writes;

    public PostgresGrainStorage(NpgsqlDataSource database, IGrainStorageSerializer serializer, ClusterOptions cluster,
        int writesPerCommit, int writers, TimeProvider clock)
    {
        (_database, _serializer, _serviceId, _clock) = (database, serializer, cluster.ServiceId, clock);
        _writes = new(CommitAsync, _ => 1, writesPerCommit, writers,
            "store grain state", "Actors:StateWritesPerCommit and Actors:StateWriters");
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
        var write = new PendingWrite(stateName, grainId.ToString(), Version(grainState.ETag), _serializer.Serialize(grainState.State).ToArray());
        var stored = await _writes.EnqueueAsync(write);
        grainState.ETag = (stored ?? throw Conflict(grainId, grainState.ETag)).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null && await _writes.EnqueueAsync(new PendingWrite(stateName, grainId.ToString(), Version(grainState.ETag), Payload: null)) is null)
        {
            throw Conflict(grainId, grainState.ETag);
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public ValueTask DisposeAsync() => _writes.DisposeAsync();

    /// <summary>One transaction: per write, the new version, or null if the grain's version was stale.</summary>
    private async Task<IReadOnlyList<int?>> CommitAsync(IReadOnlyList<PendingWrite> group)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(connection);
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var write in group)
        {
            batch.BatchCommands.Add(Statement(write, now));
        }
        // Without an explicit transaction PostgreSQL runs a batch as one implicit transaction.
        await using var reader = await batch.ExecuteReaderAsync();
        var versions = new int?[group.Count];
        for (var i = 0; i < group.Count; i++)
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

    private static int? Version(string? etag) => etag is null ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    private static InconsistentStateException Conflict(GrainId grainId, string? etag) =>
        new($"the stored state of {grainId} is no longer version {etag ?? "(none)"}: another activation wrote it", etag, null, null);

    private sealed record PendingWrite(string StateName, string GrainId, int? ExpectedVersion, byte[]? Payload);
}
