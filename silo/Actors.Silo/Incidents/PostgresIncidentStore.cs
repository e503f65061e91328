using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Incidents;
using Actors.Abstractions.Requests;
using Actors.Silo.Audit;
using Actors.Silo.Callbacks;
using Actors.Silo.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using static Actors.Silo.Incidents.IncidentTransaction;

namespace Actors.Silo.Incidents;

/// <summary>
/// Incidents in the platform's database. Every step locks the incident's row, checks the
/// lifecycle (<see cref="IncidentLifecycle"/>) and commits its changes with its timeline line and
/// its entries in the affected tenants' audit chains; notices join the callback outbox in the
/// same transaction, so an issued notice is never lost.
/// </summary>
public sealed class PostgresIncidentStore(
    NpgsqlDataSource database, AuditChainAppend chain, IncidentOptions options, IOptions<CallbackOptions> callbacks, ILogger<PostgresIncidentStore> logger)
    : IIncidentStore
{
    public async Task<IncidentRecord> OpenAsync(NewIncident incident, DateTimeOffset now, CancellationToken cancellation) =>
        await StoreAsync("open the incident", async () =>
        {
            if (incident.Scope is IncidentScope.LeakedKey key && !await KeyWasIssuedAsync(key.KeyId, cancellation))
            {
                throw new DomainException(DomainError.NotFound, $"no API key {key.KeyId} was ever issued (or the audit trail no longer holds its issue)", "scope.leaked_key.key_id");
            }
            var incidentId = Guid.NewGuid();
            await using var transaction = await BeginAsync(database, cancellation);
            if (incident.SecurityReportId is { } reportId && await transaction.ExecuteAsync(
                    "UPDATE actors_security_reports SET incident_id = $2 WHERE report_id = $1 AND incident_id IS NULL", cancellation,
                    new() { Value = reportId }, new() { Value = incidentId }) == 0)
            {
                throw new DomainException(DomainError.NotFound, "no security report with this id waits for an incident (unknown, or an incident was already opened from it)", "security_report_id");
            }
            var (assess, method) = IncidentAssessment.For(incidentId, incident.Scope, incident.DetectedAt);
            await transaction.ExecuteAsync(
                """
                INSERT INTO actors_incidents (incident_id, detected_at, opened_at, description, scope, security_report_id, assessment_method)
                VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
                """, cancellation,
                new() { Value = incidentId }, Time(incident.DetectedAt), Time(now), new() { Value = incident.Description },
                new() { Value = IncidentScopeJson.Write(incident.Scope) }, new() { Value = (object?)incident.SecurityReportId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
                new() { Value = method });
            await transaction.ExecuteAsync(assess, cancellation);
            var opened = (await transaction.LockAsync(incidentId, cancellation))!;
            await transaction.RecordStepAsync(incidentId, new IncidentStep(now, IncidentStepKind.Open, AuditNames.Operator, ""), opened.Tenants.Select(t => t.TenantId), chain, cancellation);
            await transaction.CommitAsync(cancellation);
            return (await GetAsync(incidentId, cancellation))!;
        });

    public Task<IncidentRecord?> GetAsync(Guid incidentId, CancellationToken cancellation) =>
        StoreAsync("read the incident", async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellation);
            return await IncidentRows.ReadAsync(connection, null, incidentId, forUpdate: false, cancellation);
        });

    public Task<IReadOnlyList<IncidentRecord>> ListAsync(CancellationToken cancellation) =>
        StoreAsync("list the incidents", async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellation);
            return await IncidentRows.ReadManyAsync(connection, null, "", [], cancellation);
        });

    public Task<IncidentRecord> StepAsync(Guid incidentId, string step, string note, DateTimeOffset now, CancellationToken cancellation) =>
        StoreAsync($"record the {step} step", async () =>
        {
            var column = step switch
            {
                IncidentStepKind.Confirm => "confirmed_at",
                IncidentStepKind.Contain => "contained_at",
                IncidentStepKind.Close => "closed_at",
                _ => throw new ArgumentOutOfRangeException(nameof(step)),
            };
            await using var transaction = await BeginAsync(database, cancellation);
            var incident = await LockedAsync(transaction, incidentId, cancellation);
            IncidentLifecycle.EnsureAllowed(incident, step);
            await transaction.ExecuteAsync($"UPDATE actors_incidents SET {column} = $2 WHERE incident_id = $1", cancellation, new() { Value = incidentId }, Time(now));
            if (step == IncidentStepKind.Confirm)
            {
                await transaction.ExecuteAsync("UPDATE actors_incidents SET notice_due_at = $2 WHERE incident_id = $1", cancellation,
                    new() { Value = incidentId }, Time(now + options.TenantNoticeWithin));
            }
            await transaction.RecordStepAsync(incidentId, new IncidentStep(now, step, AuditNames.Operator, note), incident.Tenants.Select(t => t.TenantId), chain, cancellation);
            await transaction.CommitAsync(cancellation);
            return (await GetAsync(incidentId, cancellation))!;
        });

    public Task<IncidentRecord> NotifyAsync(Guid incidentId, Func<IncidentRecord, IncidentTenant, byte[]> compose, DateTimeOffset now, CancellationToken cancellation) =>
        StoreAsync("notify the tenants", async () =>
        {
            await using var transaction = await BeginAsync(database, cancellation);
            var incident = await LockedAsync(transaction, incidentId, cancellation);
            IncidentLifecycle.EnsureAllowed(incident, IncidentStepKind.Notify);
            incident = incident with { NotifiedAt = now };
            var webhooks = await WebhooksAsync(transaction, [.. incident.Tenants.Select(t => t.TenantId)], cancellation);
            foreach (var tenant in incident.Tenants)
            {
                var body = compose(incident, tenant with { NoticeIssuedAt = now });
                await transaction.ExecuteAsync("UPDATE actors_incident_tenants SET notice_body = $3, notice_issued_at = $4 WHERE incident_id = $1 AND tenant_id = $2",
                    cancellation, new() { Value = incidentId }, new() { Value = tenant.TenantId }, new() { Value = body }, Time(now));
                if (webhooks.TryGetValue(tenant.TenantId, out var url))
                {
                    await transaction.ExecuteAsync(CallbackOutbox.Enqueue(tenant.TenantId, incidentId, url, body, now, callbacks.Value.Lifetime), cancellation);
                }
            }
            await transaction.ExecuteAsync("UPDATE actors_incidents SET notified_at = $2 WHERE incident_id = $1", cancellation, new() { Value = incidentId }, Time(now));
            await transaction.RecordStepAsync(incidentId, new IncidentStep(now, IncidentStepKind.Notify, AuditNames.Operator,
                $"{incident.Tenants.Count} tenant(s), {webhooks.Count} by webhook"), incident.Tenants.Select(t => t.TenantId), chain, cancellation);
            await transaction.CommitAsync(cancellation);
            return (await GetAsync(incidentId, cancellation))!;
        });

    public Task<IReadOnlyList<(IncidentRecord Incident, IncidentTenant Notice)>> NoticesForAsync(string tenantId, DateTimeOffset now, CancellationToken cancellation) =>
        StoreAsync("read the incident notices", async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellation);
            await using (var read = new NpgsqlCommand(
                "UPDATE actors_incident_tenants SET delivered_at = $2 WHERE tenant_id = $1 AND notice_issued_at IS NOT NULL AND delivered_at IS NULL", connection))
            {
                read.Parameters.Add(new() { Value = tenantId });
                read.Parameters.Add(Time(now));
                await read.ExecuteNonQueryAsync(cancellation);
            }
            var incidents = await IncidentRows.ReadManyAsync(connection, null,
                "WHERE incident_id IN (SELECT incident_id FROM actors_incident_tenants WHERE tenant_id = $1 AND notice_issued_at IS NOT NULL)",
                [new() { Value = tenantId }], cancellation);
            return (IReadOnlyList<(IncidentRecord, IncidentTenant)>)[.. incidents.Select(i => (i, i.Tenant(tenantId)!))];
        });

    public Task<(IncidentRecord Incident, IncidentTenant Notice)> AcknowledgeAsync(Guid incidentId, string tenantId, string keyId, DateTimeOffset now, CancellationToken cancellation) =>
        StoreAsync("acknowledge the notice", async () =>
        {
            await using var transaction = await BeginAsync(database, cancellation);
            var incident = await transaction.LockAsync(incidentId, cancellation);
            var notice = NoticeOf(incident, tenantId);
            if (notice.AcknowledgedAt is null)
            {
                await transaction.ExecuteAsync(
                    """
                    UPDATE actors_incident_tenants SET acknowledged_at = $3, acknowledged_by = $4, delivered_at = coalesce(delivered_at, $3)
                    WHERE incident_id = $1 AND tenant_id = $2
                    """, cancellation, new() { Value = incidentId }, new() { Value = tenantId }, Time(now), new() { Value = keyId });
                await transaction.RecordStepAsync(incidentId, new IncidentStep(now, IncidentStepKind.Acknowledge, keyId, $"tenant {tenantId}"), [tenantId], chain, cancellation);
                await transaction.CommitAsync(cancellation);
                incident = await GetAsync(incidentId, cancellation);
            }
            return (incident!, incident!.Tenant(tenantId)!);
        });

    public Task<IReadOnlySet<string>> AffectedAmongAsync(Guid incidentId, string tenantId, IReadOnlyList<string> userReferences, CancellationToken cancellation) =>
        StoreAsync("check the users", async () =>
        {
            await using var connection = await database.OpenConnectionAsync(cancellation);
            NoticeOf(await IncidentRows.ReadAsync(connection, null, incidentId, forUpdate: false, cancellation), tenantId);
            await using var select = new NpgsqlCommand(
                "SELECT user_reference FROM actors_incident_affected WHERE incident_id = $1 AND tenant_id = $2 AND user_reference = ANY($3)", connection);
            select.Parameters.Add(new() { Value = incidentId });
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = userReferences.ToArray() });
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            var affected = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellation))
            {
                affected.Add(reader.GetString(0));
            }
            return (IReadOnlySet<string>)affected;
        });

    public Task SetWebhookAsync(string tenantId, string url, DateTimeOffset now, CancellationToken cancellation) =>
        StoreAsync("set the incident webhook", async () =>
        {
            await using var command = url.Length == 0
                ? database.CreateCommand("DELETE FROM actors_incident_webhooks WHERE tenant_id = $1")
                : database.CreateCommand("INSERT INTO actors_incident_webhooks (tenant_id, url, set_at) VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO UPDATE SET url = $2, set_at = $3");
            command.Parameters.Add(new() { Value = tenantId });
            if (url.Length > 0)
            {
                command.Parameters.Add(new() { Value = url });
                command.Parameters.Add(Time(now));
            }
            await command.ExecuteNonQueryAsync(cancellation);
            return true;
        });

    public Task<string> WebhookAsync(string tenantId, CancellationToken cancellation) =>
        StoreAsync("read the incident webhook", async () =>
        {
            await using var select = database.CreateCommand("SELECT url FROM actors_incident_webhooks WHERE tenant_id = $1");
            select.Parameters.Add(new() { Value = tenantId });
            return await select.ExecuteScalarAsync(cancellation) as string ?? "";
        });

    public Task<SecurityReportRecord> RecordReportAsync(SecurityReportRecord report, CancellationToken cancellation) =>
        StoreAsync("record the security report", async () =>
        {
            await using var insert = database.CreateCommand(
                "INSERT INTO actors_security_reports (report_id, received_at, recorded_at, source, summary, reference) VALUES ($1, $2, $3, $4, $5, $6)");
            insert.Parameters.Add(new() { Value = report.ReportId });
            insert.Parameters.Add(Time(report.ReceivedAt));
            insert.Parameters.Add(Time(report.RecordedAt));
            insert.Parameters.Add(new() { Value = report.Source });
            insert.Parameters.Add(new() { Value = report.Summary });
            insert.Parameters.Add(new() { Value = report.Reference });
            await insert.ExecuteNonQueryAsync(cancellation);
            return report;
        });

    public Task<IReadOnlyList<SecurityReportRecord>> ListReportsAsync(CancellationToken cancellation) =>
        StoreAsync("list the security reports", async () =>
        {
            await using var select = database.CreateCommand(
                "SELECT report_id, received_at, recorded_at, source, summary, reference, incident_id FROM actors_security_reports ORDER BY received_at DESC, report_id");
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            var reports = new List<SecurityReportRecord>();
            while (await reader.ReadAsync(cancellation))
            {
                reports.Add(new SecurityReportRecord(reader.GetGuid(0), new(reader.GetDateTime(1), TimeSpan.Zero), new(reader.GetDateTime(2), TimeSpan.Zero),
                    reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetGuid(6)));
            }
            return (IReadOnlyList<SecurityReportRecord>)reports;
        });

    /// <summary>A tenant sees an incident only once it was notified of it; otherwise it does not exist for the tenant.</summary>
    private static IncidentTenant NoticeOf(IncidentRecord? incident, string tenantId) =>
        incident?.Tenant(tenantId) is { NoticeIssuedAt: not null } notice
            ? notice
            : throw new DomainException(DomainError.NotFound, "no incident notice with this id was sent to this tenant", "incident_id");

    private static async Task<IncidentRecord> LockedAsync(IncidentTransaction transaction, Guid incidentId, CancellationToken cancellation) =>
        await transaction.LockAsync(incidentId, cancellation)
        ?? throw new DomainException(DomainError.NotFound, "no incident with this id", "incident_id");

    private async Task<bool> KeyWasIssuedAsync(string keyId, CancellationToken cancellation)
    {
        await using var select = database.CreateCommand("SELECT EXISTS (SELECT FROM actors_audit WHERE operation = $1 AND subject = $2)");
        select.Parameters.Add(new() { Value = AuditOperations.KeyIssued });
        select.Parameters.Add(new() { Value = keyId });
        return await select.ExecuteScalarAsync(cancellation) is true;
    }

    private static async Task<Dictionary<string, string>> WebhooksAsync(IncidentTransaction transaction, string[] tenantIds, CancellationToken cancellation)
    {
        await using var select = new NpgsqlCommand("SELECT tenant_id, url FROM actors_incident_webhooks WHERE tenant_id = ANY($1)", transaction.Connection, transaction.Transaction);
        select.Parameters.Add(new() { Value = tenantIds });
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        var webhooks = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellation))
        {
            webhooks[reader.GetString(0)] = reader.GetString(1);
        }
        return webhooks;
    }

    private Task<T> StoreAsync<T>(string what, Func<Task<T>> work) => DatabaseFailure.TranslateAsync(work, what, logger);
}
