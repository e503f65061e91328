using Actors.Abstractions.Requests;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Callbacks;

/// <summary>How a callback enters the outbox: a statement to run in the same transaction as the status change it reports.</summary>
public static class CallbackOutbox
{
    /// <summary>
    /// One row, due at <paramref name="now"/> and retried until <paramref name="now"/> +
    /// <paramref name="lifetime"/> (<see cref="Abstractions.Requests.CallbackOptions.Lifetime"/>).
    /// Committing the transaction wakes every silo's dispatcher. Rows of one request to one URL are
    /// sent in the order they were added.
    /// </summary>
    /// <param name="body">The exact UTF-8 JSON to sign and send.</param>
    public static NpgsqlBatchCommand Enqueue(string tenantId, Guid requestId, string url, byte[] body, DateTimeOffset now, TimeSpan lifetime)
    {
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO actors_callback_outbox (tenant_id, request_id, url, body, created_at, next_attempt_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $5, $6)
            """);
        insert.Parameters.Add(new() { Value = tenantId });
        insert.Parameters.Add(new() { Value = requestId });
        insert.Parameters.Add(new() { Value = url });
        insert.Parameters.Add(new() { Value = body });
        insert.Parameters.Add(Timestamp(now));
        insert.Parameters.Add(Timestamp(now + lifetime));
        return insert;
    }

    internal static NpgsqlParameter Timestamp(DateTimeOffset value) => new() { Value = value.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
