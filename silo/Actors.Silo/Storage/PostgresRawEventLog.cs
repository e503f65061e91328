using Actors.Grains.RawEvents;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Storage;

/// <summary>
/// The raw-event table on PostgreSQL. Appends from every user grain of the silo share writes
/// (<see cref="GroupCommit{TWork,TResult}"/>): one binary COPY, one commit, for all that waits.
/// </summary>
public sealed class PostgresRawEventLog : IRawEventLog, IAsyncDisposable
{
    private const string CopyCommand =
        "COPY actors_raw_events (tenant_id, user_reference, occurred_at, received_at, key_id, nonce, payload) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _database;
    private readonly ILogger<PostgresRawEventLog> _logger;
    private readonly GroupCommit<IReadOnlyList<SealedEvent>, int> _appends;

    public PostgresRawEventLog(NpgsqlDataSource database, int rowsPerWrite, int writers, ILogger<PostgresRawEventLog> logger)
    {
        (_database, _logger) = (database, logger);
        _appends = new(CopyAsync, events => events.Count, rowsPerWrite, writers,
            "store raw events", "Actors:RawEventsPerWrite and Actors:RawEventWriters");
    }

    public Task AppendAsync(IReadOnlyList<SealedEvent> events) =>
        events.Count == 0
            ? Task.CompletedTask
            : DatabaseFailure.TranslateAsync(() => _appends.EnqueueAsync(events), "store raw events", _logger);

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

    public ValueTask DisposeAsync() => _appends.DisposeAsync();

    private async Task<IReadOnlyList<int>> CopyAsync(IReadOnlyList<IReadOnlyList<SealedEvent>> appends)
    {
        await using var connection = await _database.OpenConnectionAsync();
        Copy(connection, appends);
        return [.. appends.Select(events => events.Count)];
    }

    private static void Copy(NpgsqlConnection connection, IReadOnlyList<IReadOnlyList<SealedEvent>> appends)
    {
        // Synchronous writes into the importer's buffer: an await per field costs more than the COPY.
        using var copy = connection.BeginBinaryImport(CopyCommand);
        foreach (var events in appends)
        {
            foreach (var e in events)
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
}
