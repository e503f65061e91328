using Npgsql;
using System.Text;
using Actors.Abstractions.Requests;
using Actors.Silo.Callbacks;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>One row of <c>actors_callback_outbox</c>, as a test reads it back.</summary>
public sealed record OutboxRow(long DeliveryId, string Url, string Body, int Attempts, DateTimeOffset? DeliveredAt, DateTimeOffset? GaveUpAt, string? LastError);

/// <summary>Puts callbacks into the outbox as a request's status change does, and reads their state.</summary>
public static class CallbackOutboxRows
{
    /// <summary>One row per URL, due at <paramref name="now"/>, expiring after <paramref name="lifetime"/> (7 days unless given).</summary>
    public static async Task EnqueueAsync(TestDatabase database, string tenantId, Guid requestId, IReadOnlyList<string> urls, string json,
        DateTimeOffset now, TimeSpan? lifetime = null)
    {
        await using var connection = await database.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var url in urls)
        {
            batch.BatchCommands.Add(CallbackOutbox.Enqueue(tenantId, requestId, url, Encoding.UTF8.GetBytes(json), now, lifetime ?? TimeSpan.FromDays(7)));
        }
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>The rows of one request, in the order they were added.</summary>
    public static async Task<IReadOnlyList<OutboxRow>> ReadAsync(TestDatabase database, Guid requestId)
    {
        await using var connection = await database.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText =
            "SELECT delivery_id, url, body, attempts, delivered_at, gave_up_at, last_error FROM actors_callback_outbox WHERE request_id = $1 ORDER BY delivery_id";
        select.Parameters.Add(new() { Value = requestId });
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new(reader.GetInt64(0), reader.GetString(1), Encoding.UTF8.GetString((byte[])reader[2]), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return rows;
    }
}
