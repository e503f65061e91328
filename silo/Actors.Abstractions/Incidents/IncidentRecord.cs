namespace Actors.Abstractions.Incidents;

/// <summary>An incident as stored: what was exposed, who was affected, where its lifecycle stands.</summary>
public sealed record IncidentRecord(
    Guid IncidentId,
    DateTimeOffset DetectedAt,
    DateTimeOffset OpenedAt,
    string Description,
    IncidentScope Scope,
    Guid? SecurityReportId,
    string AssessmentMethod,
    DateTimeOffset? ConfirmedAt,
    DateTimeOffset? NoticeDueAt,
    DateTimeOffset? NotifiedAt,
    DateTimeOffset? ContainedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<IncidentTenant> Tenants,
    IReadOnlyList<IncidentStep> Timeline)
{
    public long AffectedUsers => Tenants.Sum(t => t.AffectedUsers);

    public IncidentTenant? Tenant(string tenantId) => Tenants.FirstOrDefault(t => t.TenantId == tenantId);
}
