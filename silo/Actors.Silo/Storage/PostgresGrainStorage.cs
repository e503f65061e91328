using System.Globalization;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace Actors.Silo.Storage;

/// <summary>
/// Grain state in PostgreSQL with group commit: the writes and clears of every grain of the
/// silo queue up, and a writer sends all that is waiting as one batch of statements, which
/// PostgreSQL runs as one transaction with one commit; each grain's call returns after that
/// commit. Each statement checks the version the grain read (its ETag), so a stale
/// activation's write changes nothing and fails with <see cref="InconsistentStateException"/>,
/// without failing the others of its batch. Reads go straight to the database.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly IGrainStorageSerializer _serializer;
    private readonly string _serviceId;
    private readonly int _writesPerCommit;
    private readonly TimeProvider _clock;
    private readonly ILogger<PostgresGrainStorage> _logger;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>();
    private readonly Task[] _writers;

    public PostgresGrainStorage(NpgsqlDataSource database, IGrainStorageSerializer serializer, ClusterOptions cluster,
        int writesPerCommit, int writers, TimeProvider clock, ILogger<PostgresGrainStorage> logger)
    {
        if (writesPerCommit < 1 || writers < 1)
        {
            throw new InvalidOperationException($"Actors:StateWritesPerCommit ({writesPerCommit}) and Actors:StateWriters ({writers}) must be at least 1");
        }
        (_database, _serializer, _serviceId, _writesPerCommit, _clock, _logger) = (database, serializer, cluster.ServiceId, writesPerCommit, clock, logger);
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteAsync))];
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
        var stored = await EnqueueAsync(write);
        grainState.ETag = (stored ?? throw Conflict(grainId, grainState.ETag)).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null && await EnqueueAsync(new PendingWrite(stateName, grainId.ToString(), Version(grainState.ETag), Payload: null)) is null)
        {
            throw Conflict(grainId, grainState.ETag);
        }
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private Task<int?> EnqueueAsync(PendingWrite write) =>
        _pending.Writer.TryWrite(write) ? write.Done.Task : throw DatabaseFailure.Unavailable("store the state while the silo stops");

    /// <summary>A writer: takes everything waiting (up to a commit's worth), commits it as one batch, releases each write.</summary>
    private async Task WriteAsync()
    {
        var group = new List<PendingWrite>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _writesPerCommit && _pending.Reader.TryRead(out var write))
            {
                group.Add(write);
            }
            if (group.Count == 0)
            {
                continue; // another writer took what woke this one
            }
            try
            {
                var versions = await CommitAsync(group);
                for (var i = 0; i < group.Count; i++)
                {
                    group[i].Done.TrySetResult(versions[i]);
                }
            }
            catch (Exception e)
            {
                // The transaction did not commit: no write of the group is stored.
                _logger.LogWarning(e, "Could not commit {Writes} grain state writes", group.Count);
                group.ForEach(write => write.Done.TrySetException(e));
            }
        }
    }

    /// <summary>One transaction: per write, the new version, or null if the grain's version was stale.</summary>
    private async Task<int?[]> CommitAsync(List<PendingWrite> group)
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

    private sealed record PendingWrite(string StateName, string GrainId, int? ExpectedVersion, byte[]? Payload)
    {
        public TaskCompletionSource<int?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
