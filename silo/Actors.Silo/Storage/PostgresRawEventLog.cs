using System.Threading.Channels;
using Actors.Grains.RawEvents;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Storage;

/// <summary>
/// The raw-event table on PostgreSQL, with group commit: appends from every user grain of the
/// silo queue up, and each of a few writers stores all that is waiting in one binary COPY (one
/// commit), then releases each append. Under load many users' events share a write; alone, an
/// append costs one round trip, as it would without the queue.
/// </summary>
public sealed class PostgresRawEventLog : IRawEventLog, IAsyncDisposable
{
    private const string CopyCommand =
        "COPY actors_raw_events (tenant_id, user_reference, occurred_at, received_at, key_id, nonce, payload) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _database;
    private readonly int _rowsPerWrite;
    private readonly ILogger<PostgresRawEventLog> _logger;
    private readonly Channel<PendingAppend> _pending = Channel.CreateUnbounded<PendingAppend>();
    private readonly Task[] _writers;

    /// <param name="writers">COPYs in flight at once: one fills while another commits.</param>
    public PostgresRawEventLog(NpgsqlDataSource database, int rowsPerWrite, int writers, ILogger<PostgresRawEventLog> logger)
    {
        if (rowsPerWrite < 1 || writers < 1)
        {
            throw new InvalidOperationException($"Actors:RawEventsPerWrite ({rowsPerWrite}) and Actors:RawEventWriters ({writers}) must be at least 1");
        }
        _database = database;
        _rowsPerWrite = rowsPerWrite;
        _logger = logger;
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteAsync))];
    }

    public Task AppendAsync(IReadOnlyList<SealedEvent> events)
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }
        var append = new PendingAppend(events);
        return _pending.Writer.TryWrite(append) ? append.Done.Task : throw DatabaseFailure.Unavailable("store raw events while the silo stops");
    }

    public Task<StoredRawEvents> ReadAsync(string tenantId, string userReference, int limit) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var select = _database.CreateCommand(
                """
                SELECT occurred_at, received_at, key_id, nonce, payload, count(*) OVER ()
                FROM actors_raw_events
                WHERE tenant_id = $1 AND user_reference = $2
                ORDER BY occurred_at
                LIMIT $3
                """);
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = userReference });
            select.Parameters.Add(new() { Value = limit });
            await using var reader = await select.ExecuteReaderAsync();
            var events = new List<SealedEvent>();
            long total = 0;
            while (await reader.ReadAsync())
            {
                events.Add(new SealedEvent(tenantId, userReference,
                    reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1),
                    reader.GetGuid(2), (byte[])reader[3], (byte[])reader[4]));
                total = reader.GetInt64(5);
            }
            return new StoredRawEvents(events, total);
        }, "read the user's raw events", _logger);

    public Task<long> PurgeAsync(string tenantId, string userReference, DateTimeOffset before) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            var everything = before == DateTimeOffset.MaxValue;
            await using var delete = _database.CreateCommand(
                "DELETE FROM actors_raw_events WHERE tenant_id = $1 AND user_reference = $2" + (everything ? "" : " AND occurred_at < $3"));
            delete.Parameters.Add(new() { Value = tenantId });
            delete.Parameters.Add(new() { Value = userReference });
            if (!everything)
            {
                delete.Parameters.Add(new() { Value = before.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            }
            return (long)await delete.ExecuteNonQueryAsync();
        }, "purge the user's raw events", _logger);

    public Task RetractAsync(string tenantId, string userReference, DateTimeOffset receivedAt) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var delete = _database.CreateCommand(
                "DELETE FROM actors_raw_events WHERE tenant_id = $1 AND user_reference = $2 AND received_at = $3");
            delete.Parameters.Add(new() { Value = tenantId });
            delete.Parameters.Add(new() { Value = userReference });
            delete.Parameters.Add(new() { Value = receivedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            return await delete.ExecuteNonQueryAsync();
        }, "take back the user's unacknowledged raw events", _logger);

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    /// <summary>A writer: takes everything waiting (up to a write's worth), stores it, releases it.</summary>
    private async Task WriteAsync()
    {
        var group = new List<PendingAppend>();
        while (await _pending.Reader.WaitToReadAsync())
        {
            group.Clear();
            var rows = 0;
            while (rows < _rowsPerWrite && _pending.Reader.TryRead(out var append))
            {
                group.Add(append);
                rows += append.Events.Count;
            }
            if (group.Count == 0)
            {
                continue; // another writer took what woke this one
            }
            try
            {
                await CopyAsync(group);
                group.ForEach(append => append.Done.TrySetResult());
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Could not store {Rows} raw events", rows);
                Exception failure = DatabaseFailure.Cause(e) is not null ? DatabaseFailure.Unavailable("store raw events") : e;
                group.ForEach(append => append.Done.TrySetException(failure));
            }
        }
    }

    private async Task CopyAsync(List<PendingAppend> group)
    {
        await using var connection = await _database.OpenConnectionAsync();
        Copy(connection, group);
    }

    private static void Copy(NpgsqlConnection connection, List<PendingAppend> group)
    {
        // Synchronous writes into the importer's buffer: an await per field costs more than the COPY.
        using var copy = connection.BeginBinaryImport(CopyCommand);
        foreach (var append in group)
        {
            foreach (var e in append.Events)
            {
                copy.StartRow();
                copy.Write(e.TenantId, NpgsqlDbType.Varchar);
                copy.Write(e.UserReference, NpgsqlDbType.Varchar);
                copy.Write(e.OccurredAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write(e.ReceivedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
                copy.Write(e.KeyId, NpgsqlDbType.Uuid);
                copy.Write(e.Nonce, NpgsqlDbType.Bytea);
                copy.Write(e.Payload, NpgsqlDbType.Bytea);
            }
        }
        // Returns once PostgreSQL has committed the COPY (synchronous_commit): the events are durable.
        copy.Complete();
    }

    private sealed record PendingAppend(IReadOnlyList<SealedEvent> Events)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
