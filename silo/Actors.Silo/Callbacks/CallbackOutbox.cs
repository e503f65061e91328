using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Callbacks;

/// <summary>Where the code that changes a request's status puts its callbacks, in the same transaction as the change.</summary>
public static class CallbackOutbox
{
    /// <summary>
    /// Adds one row per URL, due at <paramref name="now"/> and retried until <paramref name="now"/>
    /// + <paramref name="lifetime"/> (<see cref="CallbackOptions.Lifetime"/>). Committing the
    /// transaction wakes every silo's dispatcher. Rows of one request to one URL are sent in the
    /// order they were added.
    /// </summary>
    /// <param name="body">The exact UTF-8 JSON to sign and send.</param>
    public static async Task EnqueueAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string tenantId, Guid requestId, IReadOnlyList<string> urls, byte[] body, DateTimeOffset now, TimeSpan lifetime,
        CancellationToken cancellationToken = default)
    {
        if (urls.Count == 0)
        {
            return;
        }
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO actors_callback_outbox (tenant_id, request_id, url, body, created_at, next_attempt_at, expires_at)
            SELECT $1, $2, url, $4, $5, $5, $6 FROM unnest($3::text[]) WITH ORDINALITY AS urls (url, position)
            ORDER BY position
            """, connection, transaction);
        insert.Parameters.Add(new() { Value = tenantId });
        insert.Parameters.Add(new() { Value = requestId });
        insert.Parameters.Add(new() { Value = urls.ToArray() });
        insert.Parameters.Add(new() { Value = body });
        insert.Parameters.Add(Timestamp(now));
        insert.Parameters.Add(Timestamp(now + lifetime));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static NpgsqlParameter Timestamp(DateTimeOffset value) => new() { Value = value.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
