using System.Text;
using Actors.Abstractions.Incidents;
using Actors.Abstractions.Tenants;
using static Actors.Api.Mapping.UserMapper;
using DomainScope = Actors.Abstractions.Incidents.IncidentScope;

namespace Actors.Api.Incidents;

/// <summary>Incidents as the contract shows them: whole to the operator, one tenant's part to that tenant.</summary>
public static class IncidentMapper
{
    public static V1.Incident ToMessage(IncidentRecord incident, IReadOnlyDictionary<string, TenantState?> declarations, DateTimeOffset now) => new()
    {
        IncidentId = incident.IncidentId.ToString("D"),
        Status = (V1.IncidentStatus)(int)IncidentLifecycle.Status(incident),
        DetectedAt = Time(incident.DetectedAt),
        Description = incident.Description,
        Scope = ToMessage(incident.Scope),
        SecurityReportId = incident.SecurityReportId?.ToString("D") ?? "",
        Assessment = new V1.IncidentAssessment
        {
            AssessedAt = Time(incident.OpenedAt),
            AffectedUsers = incident.AffectedUsers,
            Method = incident.AssessmentMethod,
            Tenants =
            {
                incident.Tenants.Select(t => new V1.TenantAssessment
                {
                    TenantId = t.TenantId,
                    AffectedUsers = t.AffectedUsers,
                    Records = t.Records,
                    DataCategories = { IncidentCategories.Describe(t.Categories, declarations.GetValueOrDefault(t.TenantId)) },
                }),
            },
        },
        ConfirmedAt = Time(incident.ConfirmedAt),
        NotifiedAt = Time(incident.NotifiedAt),
        ContainedAt = Time(incident.ContainedAt),
        ClosedAt = Time(incident.ClosedAt),
        NoticeDueAt = Time(incident.NoticeDueAt),
        Notices = { incident.Tenants.Select(t => NoticeStatus(incident, t, now)) },
        Timeline = { incident.Timeline.Select(s => new V1.IncidentStep { At = Time(s.At), Step = s.Step, Actor = s.Actor, Note = s.Note }) },
    };

    public static V1.IncidentNotice ToNotice(IncidentRecord incident, IncidentTenant notice, DateTimeOffset now) => new()
    {
        IncidentId = incident.IncidentId.ToString("D"),
        State = (V1.NoticeState)(int)IncidentLifecycle.NoticeStateOf(notice, incident.NoticeDueAt, now),
        IssuedAt = Time(notice.NoticeIssuedAt),
        DueAt = Time(incident.NoticeDueAt),
        AuthorityDeadline = Time(notice.NoticeIssuedAt + IncidentLifecycle.AuthorityWindow),
        AcknowledgedAt = Time(notice.AcknowledgedAt),
        BodyJson = notice.NoticeBody is { } body ? Encoding.UTF8.GetString(body) : "",
    };

    public static V1.SecurityReport ToMessage(SecurityReportRecord report) => new()
    {
        ReportId = report.ReportId.ToString("D"),
        ReceivedAt = Time(report.ReceivedAt),
        Source = report.Source,
        Summary = report.Summary,
        Reference = report.Reference,
        IncidentId = report.IncidentId?.ToString("D") ?? "",
    };

    private static V1.TenantNoticeStatus NoticeStatus(IncidentRecord incident, IncidentTenant tenant, DateTimeOffset now) => new()
    {
        TenantId = tenant.TenantId,
        State = (V1.NoticeState)(int)IncidentLifecycle.NoticeStateOf(tenant, incident.NoticeDueAt, now),
        DueAt = Time(incident.NoticeDueAt),
        IssuedAt = Time(tenant.NoticeIssuedAt),
        DeliveredAt = Time(tenant.DeliveredAt),
        AcknowledgedAt = Time(tenant.AcknowledgedAt),
        AuthorityDeadline = Time(tenant.NoticeIssuedAt + IncidentLifecycle.AuthorityWindow),
        DeliveryAttempts = tenant.DeliveryAttempts,
        LastDeliveryError = tenant.DeliveredAt is null ? tenant.LastDeliveryError ?? "" : "",
    };

    private static V1.IncidentScope ToMessage(DomainScope scope) => scope switch
    {
        DomainScope.LeakedKey key => new() { LeakedKey = new() { KeyId = key.KeyId, From = Time(key.From), To = Time(key.To) } },
        DomainScope.StoreExposure store => new()
        {
            StoreExposure = new() { Store = (V1.ExposedStore)(int)store.Store, From = Time(store.From), To = Time(store.To), TenantIds = { store.TenantIds } },
        },
        DomainScope.Tenants tenants => new() { Tenants = new() { TenantIds = { tenants.TenantIds } } },
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };
}
