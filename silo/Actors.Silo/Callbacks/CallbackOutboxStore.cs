using Npgsql;
using static Actors.Silo.Callbacks.CallbackOutbox;

namespace Actors.Silo.Callbacks;

/// <summary>
/// The dispatcher's reads and writes of <c>actors_callback_outbox</c>. Every time comes from the
/// caller's clock, never from the database's <c>now()</c>, so that all silos and the tests agree.
/// </summary>
public sealed class CallbackOutboxStore(NpgsqlDataSource database)
{
    /// <summary>Still to deliver, and no earlier row to the same receiver is: transitions reach a receiver in order.</summary>
    private const string AtTheHead =
        """
        o.delivered_at IS NULL AND o.gave_up_at IS NULL
        AND NOT EXISTS (
            SELECT FROM actors_callback_outbox earlier
            WHERE earlier.tenant_id = o.tenant_id AND earlier.request_id = o.request_id AND earlier.url = o.url
              AND earlier.delivery_id < o.delivery_id AND earlier.delivered_at IS NULL AND earlier.gave_up_at IS NULL)
        """;

    /// <summary>
    /// Takes up to <paramref name="limit"/> due rows and moves them out of reach for
    /// <paramref name="lease"/>: one statement, one short transaction; rows another silo is
    /// claiming at the same moment are skipped, not waited for.
    /// </summary>
    public async Task<IReadOnlyList<PendingCallback>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var claim = database.CreateCommand(
            $"""
            WITH due AS (
                SELECT o.delivery_id FROM actors_callback_outbox o
                WHERE {AtTheHead} AND o.next_attempt_at <= $1 AND o.expires_at > $1
                ORDER BY o.next_attempt_at
                LIMIT $3
                FOR UPDATE SKIP LOCKED)
            UPDATE actors_callback_outbox o SET next_attempt_at = $2
            FROM due WHERE o.delivery_id = due.delivery_id
            RETURNING o.delivery_id, o.tenant_id, o.request_id, o.url, o.body, o.attempts
            """);
        claim.Parameters.Add(Timestamp(now));
        claim.Parameters.Add(Timestamp(now + lease));
        claim.Parameters.Add(new() { Value = limit });
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<PendingCallback>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new PendingCallback(reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), (byte[])reader[4], reader.GetInt32(5)));
        }
        return claimed;
    }

    /// <summary>When the next row becomes due (claimed rows count at the end of their lease), or null if none waits.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var select = database.CreateCommand($"SELECT min(o.next_attempt_at) FROM actors_callback_outbox o WHERE {AtTheHead}");
        return await select.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    /// <summary>Gives up rows past their expiry that no dispatcher holds; returns them, to be logged.</summary>
    public async Task<IReadOnlyList<(long DeliveryId, string TenantId, Guid RequestId, int Attempts, string? LastError)>> GiveUpExpiredAsync(
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var update = database.CreateCommand(
            """
            UPDATE actors_callback_outbox SET gave_up_at = $1, last_error = coalesce(last_error, 'expired before an attempt')
            WHERE delivered_at IS NULL AND gave_up_at IS NULL AND expires_at <= $1 AND next_attempt_at <= $1
            RETURNING delivery_id, tenant_id, request_id, attempts, last_error
            """);
        update.Parameters.Add(Timestamp(now));
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
        var expired = new List<(long, string, Guid, int, string?)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            expired.Add((reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return expired;
    }

    public Task MarkDeliveredAsync(long deliveryId, DateTimeOffset now) =>
        ExecuteAsync("UPDATE actors_callback_outbox SET delivered_at = $2, attempts = attempts + 1, last_error = NULL WHERE delivery_id = $1",
            deliveryId, Timestamp(now));

    public Task GiveUpAsync(long deliveryId, string reason, DateTimeOffset now) =>
        ExecuteAsync("UPDATE actors_callback_outbox SET gave_up_at = $2, attempts = attempts + 1, last_error = $3 WHERE delivery_id = $1",
            deliveryId, Timestamp(now), new NpgsqlParameter { Value = reason });

    /// <summary>Hands an unsent claimed row back, due at once: the silo is stopping.</summary>
    public Task ReleaseAsync(long deliveryId, DateTimeOffset now) =>
        ExecuteAsync("UPDATE actors_callback_outbox SET next_attempt_at = $2 WHERE delivery_id = $1 AND delivered_at IS NULL AND gave_up_at IS NULL",
            deliveryId, Timestamp(now));

    /// <summary>
    /// Records a failed attempt and when to try again, no later than the row's expiry; a row
    /// already past it is given up. Returns whether it was.
    /// </summary>
    public async Task<bool> MarkFailedAsync(long deliveryId, string error, DateTimeOffset retryAt, DateTimeOffset now)
    {
        await using var update = database.CreateCommand(
            """
            UPDATE actors_callback_outbox
            SET attempts = attempts + 1, last_error = $2, next_attempt_at = least($3, expires_at),
                gave_up_at = CASE WHEN expires_at <= $4 THEN $4 END
            WHERE delivery_id = $1
            RETURNING gave_up_at IS NOT NULL
            """);
        update.Parameters.Add(new() { Value = deliveryId });
        update.Parameters.Add(new() { Value = error });
        update.Parameters.Add(Timestamp(retryAt));
        update.Parameters.Add(Timestamp(now));
        return await update.ExecuteScalarAsync() is true;
    }

    /// <summary>Deletes rows delivered or given up before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var delete = database.CreateCommand(
            "DELETE FROM actors_callback_outbox WHERE coalesce(delivered_at, gave_up_at) < $1");
        delete.Parameters.Add(Timestamp(before));
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, long deliveryId, params NpgsqlParameter[] parameters)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new() { Value = deliveryId });
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync();
    }
}
