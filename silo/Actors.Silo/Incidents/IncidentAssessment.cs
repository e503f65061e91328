using Actors.Abstractions.Audit;
using Actors.Abstractions.Incidents;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Incidents;

/// <summary>
/// Who an incident affected, computed from the audit trail in one statement that fills
/// <c>actors_incident_affected</c> (one row per affected user, by the pseudonymous reference the
/// trail holds) and <c>actors_incident_tenants</c> (counts and categories per tenant).
/// <para>
/// A user's data was held by a store from the first entry that wrote it there until the entry
/// that erased the user (forget or expiry): a user counts for an exposure from <c>from</c> to
/// <c>to</c> if held before <c>to</c> and not erased before <c>from</c>. Counting is on the safe
/// side: every request counts as one that may have left an export.
/// </para>
/// </summary>
public static class IncidentAssessment
{
    /// <summary>The longest a backup is kept (ops/backup.sh refuses a longer retention).</summary>
    public static readonly TimeSpan BackupRetention = TimeSpan.FromDays(7);

    private static readonly string[] Erasures = [AuditOperations.Forgotten, AuditOperations.UserExpired];

    private static readonly string[] GrainState =
    [
        AuditOperations.AttributesUpserted, AuditOperations.AttributeRectified, AuditOperations.ConsentRecorded,
        AuditOperations.Suppressed, AuditOperations.EventsRecorded,
    ];

    private static readonly string[] RawEvents = [AuditOperations.EventsRecorded];

    private static readonly string[] Exports = [AuditOperations.UserExported, AuditOperations.RequestExportRead, AuditOperations.RequestTransition];

    /// <summary>The statement, and the method in words (kept with the assessment).</summary>
    public static (NpgsqlBatchCommand Command, string Method) For(Guid incidentId, IncidentScope scope, DateTimeOffset detectedAt) => scope switch
    {
        IncidentScope.LeakedKey key => (ByKey(incidentId, key),
            $"users whose data key {key.KeyId} read or changed from {Instant(key.From)} to {Instant(key.To)}, from the audit trail"),
        IncidentScope.StoreExposure { Store: ExposedStore.Logs } => (ByHolding(incidentId, [], detectedAt, detectedAt, [], stateHeld: false),
            "logs hold no personal data (no user id, value, consent source, address or key): no user is affected"),
        IncidentScope.StoreExposure store => (ByHolding(incidentId, Held(store.Store), From(store), store.To, store.TenantIds, HoldsState(store.Store)),
            $"users whose data {Name(store.Store)} held at any time from {Instant(From(store))} to {Instant(store.To)}"
            + (store.Store == ExposedStore.Backups ? $" (the window starts {BackupRetention.TotalDays:0} days early: the longest a backup is kept)" : "")
            + ": held before the end and not erased before the start, from the audit trail"),
        IncidentScope.Tenants tenants => (ByHolding(incidentId, [.. GrainState, .. Exports], detectedAt, detectedAt, tenants.TenantIds, stateHeld: true),
            $"every user the tenants held when the incident was detected ({Instant(detectedAt)}), from the audit trail"),
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };

    private static string[] Held(ExposedStore store) => store switch
    {
        ExposedStore.GrainState or ExposedStore.Backups => GrainState,
        ExposedStore.RawEvents => RawEvents,
        ExposedStore.Exports => Exports,
        _ => [],
    };

    /// <summary>Whether the store holds the users' grain state, so that a user it still holds counts even where the trail no longer shows the writes.</summary>
    private static bool HoldsState(ExposedStore store) => store is ExposedStore.GrainState or ExposedStore.Backups;

    private static DateTimeOffset From(IncidentScope.StoreExposure store) =>
        store.Store == ExposedStore.Backups ? store.From - BackupRetention : store.From;

    private static string Name(ExposedStore store) => store switch
    {
        ExposedStore.GrainState => "the grain state store",
        ExposedStore.RawEvents => "the raw event store",
        ExposedStore.Exports => "the export store",
        ExposedStore.Backups => "a backup",
        _ => store.ToString(),
    };

    private static NpgsqlBatchCommand ByKey(Guid incidentId, IncidentScope.LeakedKey key) => new(
        $"""
        WITH entries AS (
            SELECT tenant_id, user_reference, operation, subject, count(*) AS n FROM actors_audit
            WHERE tenant_id = (SELECT tenant_id FROM actors_audit WHERE operation = $5 AND subject = $2 LIMIT 1)
              AND actor = $2 AND at >= $3 AND at <= $4 AND user_reference IS NOT NULL
            GROUP BY tenant_id, user_reference, operation, subject)
        {Fill}
        """)
    {
        Parameters = { new() { Value = incidentId }, new() { Value = key.KeyId }, Time(key.From), Time(key.To), new() { Value = AuditOperations.KeyIssued } },
    };

    /// <remarks>
    /// One pass over the trail, without joining it to itself: each user's entries are grouped by
    /// what they did, and a window over the user marks whether the store held the user and whether
    /// an erasure came before the start. A self-join here was planned as a nested loop whenever the
    /// trail's statistics lagged behind a burst of new entries, and an assessment of 5,000 fresh
    /// users ran past its timeout.
    /// <para>
    /// With <paramref name="stateHeld"/>, every user whose sealed state is stored now joins the
    /// pass as one <c>state.held</c> record, which counts only for a user the trail shows no write
    /// of: one whose writes the audit retention cut. Such a user was written before the cut, so
    /// it counts for every window (on the safe side).
    /// </para>
    /// </remarks>
    private static NpgsqlBatchCommand ByHolding(Guid incidentId, string[] held, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string> tenantIds, bool stateHeld) => new(
        $"""
        WITH grouped AS (
            SELECT tenant_id, user_reference, operation, subject, count(*) FILTER (WHERE at <= $4) AS n, bool_or(at < $3) AS before_start
            FROM actors_audit
            WHERE user_reference IS NOT NULL AND (operation = ANY($2) OR operation = ANY($6))
              AND (cardinality($5::text[]) = 0 OR tenant_id = ANY($5))
            GROUP BY tenant_id, user_reference, operation, subject
            UNION ALL
            SELECT split_part(grain_id, '/', 2), split_part(grain_id, '/', 3), 'state.held', '', 1, false
            FROM actors_grain_state
            WHERE $7 AND grain_id LIKE 'user/%' AND key_id IS NOT NULL
              AND (cardinality($5::text[]) = 0 OR split_part(grain_id, '/', 2) = ANY($5))),
        marked AS (
            SELECT tenant_id, user_reference, operation, subject, n,
                   bool_or(operation = ANY($6) AND before_start) OVER person AS erased_before,
                   bool_or(operation = ANY($2)) OVER person AS written_in_trail
            FROM grouped
            WINDOW person AS (PARTITION BY tenant_id, user_reference)),
        entries AS (
            SELECT tenant_id, user_reference, operation, subject, n FROM marked
            WHERE NOT erased_before AND n > 0
              AND (operation = ANY($2) OR (operation = 'state.held' AND NOT written_in_trail)))
        {Fill}
        """)
    {
        Parameters =
        {
            new() { Value = incidentId }, new() { Value = held }, Time(from), Time(to), new() { Value = tenantIds.ToArray() },
            new() { Value = Erasures }, new() { Value = stateHeld },
        },
    };

    /// <summary>The rest of the statement, from the entries in scope (grouped by what they did, <c>n</c> of each).</summary>
    private const string Fill =
        """
        , users AS (
            SELECT tenant_id, user_reference, sum(n) AS records FROM entries GROUP BY tenant_id, user_reference),
        categories AS (
            SELECT tenant_id, array_agg(DISTINCT category ORDER BY category) AS categories
            FROM entries, actors_incident_categories(operation, subject) AS category GROUP BY tenant_id),
        affected AS (
            INSERT INTO actors_incident_affected (incident_id, tenant_id, user_reference, records)
            SELECT $1, tenant_id, user_reference, records FROM users)
        INSERT INTO actors_incident_tenants (incident_id, tenant_id, affected_users, records, categories)
        SELECT $1, t.tenant_id, t.affected_users, t.records, coalesce(c.categories, '{}')
        FROM (SELECT tenant_id, count(*) AS affected_users, sum(records) AS records FROM users GROUP BY tenant_id) t
        LEFT JOIN categories c ON c.tenant_id = t.tenant_id
        """;

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static NpgsqlParameter Time(DateTimeOffset at) => new() { Value = at.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
