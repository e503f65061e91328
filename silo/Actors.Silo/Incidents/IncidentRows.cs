using Actors.Abstractions.Incidents;
using Npgsql;

namespace Actors.Silo.Incidents;

/// <summary>Reads incidents back: the incident row, its tenants (with their notices' delivery) and its timeline.</summary>
internal static class IncidentRows
{
    private const string Columns =
        "incident_id, detected_at, opened_at, description, scope::text, security_report_id, assessment_method, confirmed_at, notice_due_at, notified_at, contained_at, closed_at";

    /// <summary>
    /// The incident, or null. First copies webhook deliveries from the outbox into the incident's
    /// rows: the outbox forgets delivered rows after a while, the incident must not.
    /// </summary>
    public static async Task<IncidentRecord?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid incidentId, bool forUpdate, CancellationToken cancellation)
    {
        await using (var lookup = new NpgsqlCommand($"SELECT {Columns} FROM actors_incidents WHERE incident_id = $1{(forUpdate ? " FOR UPDATE" : "")}", connection, transaction))
        {
            lookup.Parameters.Add(new() { Value = incidentId });
            await using var reader = await lookup.ExecuteReaderAsync(cancellation);
            if (!await reader.ReadAsync(cancellation))
            {
                return null;
            }
        }
        await using (var copy = new NpgsqlCommand(
            """
            UPDATE actors_incident_tenants t SET delivered_at = o.delivered_at
            FROM actors_callback_outbox o
            WHERE t.incident_id = $1 AND t.delivered_at IS NULL
              AND o.tenant_id = t.tenant_id AND o.request_id = t.incident_id AND o.delivered_at IS NOT NULL
            """, connection, transaction))
        {
            copy.Parameters.Add(new() { Value = incidentId });
            await copy.ExecuteNonQueryAsync(cancellation);
        }
        return (await ReadManyAsync(connection, transaction, "WHERE incident_id = $1", [new() { Value = incidentId }], cancellation)).SingleOrDefault();
    }

    /// <summary>The incidents <paramref name="where"/> selects, newest first, whole.</summary>
    public static async Task<IReadOnlyList<IncidentRecord>> ReadManyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where,
        NpgsqlParameter[] parameters, CancellationToken cancellation)
    {
        var incidents = new List<IncidentRecord>();
        await using (var select = new NpgsqlCommand($"SELECT {Columns} FROM actors_incidents {where} ORDER BY opened_at DESC, incident_id", connection, transaction))
        {
            select.Parameters.AddRange(parameters);
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            while (await reader.ReadAsync(cancellation))
            {
                incidents.Add(new IncidentRecord(
                    reader.GetGuid(0), Time(reader, 1)!.Value, Time(reader, 2)!.Value, reader.GetString(3), IncidentScopeJson.Read(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetString(6), Time(reader, 7), Time(reader, 8), Time(reader, 9), Time(reader, 10),
                    Time(reader, 11), [], []));
            }
        }
        if (incidents.Count == 0)
        {
            return incidents;
        }
        var ids = incidents.Select(i => i.IncidentId).ToArray();
        var tenants = await TenantsAsync(connection, transaction, ids, cancellation);
        var timelines = await TimelinesAsync(connection, transaction, ids, cancellation);
        return [.. incidents.Select(i => i with
        {
            Tenants = tenants.TryGetValue(i.IncidentId, out var t) ? t : [],
            Timeline = timelines.TryGetValue(i.IncidentId, out var s) ? s : [],
        })];
    }

    private static async Task<Dictionary<Guid, List<IncidentTenant>>> TenantsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] ids, CancellationToken cancellation)
    {
        await using var select = new NpgsqlCommand(
            """
            SELECT t.incident_id, t.tenant_id, t.affected_users, t.records, t.categories, t.notice_body, t.notice_issued_at,
                   coalesce(t.delivered_at, o.delivered_at), coalesce(o.attempts, 0), o.last_error, t.acknowledged_at
            FROM actors_incident_tenants t
            LEFT JOIN LATERAL (
                SELECT attempts, last_error, delivered_at FROM actors_callback_outbox
                WHERE tenant_id = t.tenant_id AND request_id = t.incident_id ORDER BY delivery_id DESC LIMIT 1) o ON true
            WHERE t.incident_id = ANY($1)
            ORDER BY t.tenant_id
            """, connection, transaction);
        select.Parameters.Add(new() { Value = ids });
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        var tenants = new Dictionary<Guid, List<IncidentTenant>>();
        while (await reader.ReadAsync(cancellation))
        {
            var tenant = new IncidentTenant(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetFieldValue<string[]>(4),
                reader.IsDBNull(5) ? null : (byte[])reader[5], Time(reader, 6), Time(reader, 7), reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9), Time(reader, 10));
            (tenants.TryGetValue(reader.GetGuid(0), out var list) ? list : tenants[reader.GetGuid(0)] = []).Add(tenant);
        }
        return tenants;
    }

    private static async Task<Dictionary<Guid, List<IncidentStep>>> TimelinesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid[] ids, CancellationToken cancellation)
    {
        await using var select = new NpgsqlCommand(
            "SELECT incident_id, at, step, actor, note FROM actors_incident_timeline WHERE incident_id = ANY($1) ORDER BY incident_id, position", connection, transaction);
        select.Parameters.Add(new() { Value = ids });
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        var timelines = new Dictionary<Guid, List<IncidentStep>>();
        while (await reader.ReadAsync(cancellation))
        {
            var step = new IncidentStep(Time(reader, 1)!.Value, reader.GetString(2), reader.GetString(3), reader.GetString(4));
            (timelines.TryGetValue(reader.GetGuid(0), out var list) ? list : timelines[reader.GetGuid(0)] = []).Add(step);
        }
        return timelines;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetDateTime(ordinal), TimeSpan.Zero);
}
