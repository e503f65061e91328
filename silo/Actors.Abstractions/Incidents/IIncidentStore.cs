namespace Actors.Abstractions.Incidents;

/// <summary>
/// Incidents and security reports in PostgreSQL. Each step commits with its timeline line, the
/// audit entries in the affected tenants' chains and (for notices) the outbox rows, in one
/// transaction. Refusals are <see cref="Errors.DomainException"/>s; nothing is changed then.
/// </summary>
public interface IIncidentStore
{
    Task<SecurityReportRecord> RecordReportAsync(SecurityReportRecord report, CancellationToken cancellation);

    Task<IReadOnlyList<SecurityReportRecord>> ListReportsAsync(CancellationToken cancellation);

    /// <summary>Opens and assesses an incident, from the audit trail, in one transaction.</summary>
    Task<IncidentRecord> OpenAsync(NewIncident incident, DateTimeOffset now, CancellationToken cancellation);

    /// <summary>The incident, or null.</summary>
    Task<IncidentRecord?> GetAsync(Guid incidentId, CancellationToken cancellation);

    Task<IReadOnlyList<IncidentRecord>> ListAsync(CancellationToken cancellation);

    /// <summary>Confirm, contain or close (<see cref="IncidentStepKind"/>), by the operator.</summary>
    Task<IncidentRecord> StepAsync(Guid incidentId, string step, string note, DateTimeOffset now, CancellationToken cancellation);

    /// <summary>
    /// Issues each affected tenant's notice: the body <paramref name="compose"/> makes for it,
    /// POSTed through the outbox where the tenant has a webhook.
    /// </summary>
    Task<IncidentRecord> NotifyAsync(Guid incidentId, Func<IncidentRecord, IncidentTenant, byte[]> compose, DateTimeOffset now, CancellationToken cancellation);

    /// <summary>The tenant's own notices, newest first; marks unread ones as delivered by this read.</summary>
    Task<IReadOnlyList<(IncidentRecord Incident, IncidentTenant Notice)>> NoticesForAsync(string tenantId, DateTimeOffset now, CancellationToken cancellation);

    /// <summary>Records the tenant's acknowledgement (again: unchanged); NOT_FOUND unless the tenant was notified of the incident.</summary>
    Task<(IncidentRecord Incident, IncidentTenant Notice)> AcknowledgeAsync(Guid incidentId, string tenantId, string keyId, DateTimeOffset now, CancellationToken cancellation);

    /// <summary>Which of <paramref name="userReferences"/> the incident affected in the tenant; NOT_FOUND unless the tenant was notified of it.</summary>
    Task<IReadOnlySet<string>> AffectedAmongAsync(Guid incidentId, string tenantId, IReadOnlyList<string> userReferences, CancellationToken cancellation);

    /// <summary>The tenant's incident webhook; empty removes it.</summary>
    Task SetWebhookAsync(string tenantId, string url, DateTimeOffset now, CancellationToken cancellation);

    Task<string> WebhookAsync(string tenantId, CancellationToken cancellation);
}
