using Actors.Abstractions.Errors;

namespace Actors.Abstractions.Incidents;

/// <summary>
/// The order of an incident's steps: confirm once detected; then notify the tenants and contain
/// the breach, in either order, once each; close when both are done. And what each tenant's
/// notice shows at a given time.
/// </summary>
public static class IncidentLifecycle
{
    /// <summary>The authority deadline a tenant is reminded of: 72 hours after it was told (GDPR Art. 33(1)).</summary>
    public static readonly TimeSpan AuthorityWindow = TimeSpan.FromHours(72);

    /// <summary>The longest a tenant's notice may take after confirmation; the platform may be set shorter, never longer.</summary>
    public static readonly TimeSpan LongestTenantNoticeWindow = TimeSpan.FromHours(24);

    public static IncidentStatus Status(IncidentRecord incident) => incident switch
    {
        { ClosedAt: not null } => IncidentStatus.Closed,
        { ContainedAt: not null } => IncidentStatus.Contained,
        { NotifiedAt: not null } => IncidentStatus.TenantsNotified,
        { ConfirmedAt: not null } => IncidentStatus.Confirmed,
        _ => IncidentStatus.Detected,
    };

    /// <summary>Refuses <paramref name="step"/> (FAILED_PRECONDITION, naming the rule) unless the incident allows it now.</summary>
    public static void EnsureAllowed(IncidentRecord incident, string step)
    {
        if (incident.ClosedAt is not null)
        {
            throw Refused($"the incident is closed; a closed incident takes no {step} step");
        }
        var problem = step switch
        {
            IncidentStepKind.Confirm when incident.ConfirmedAt is not null => "the incident is already confirmed",
            IncidentStepKind.Notify or IncidentStepKind.Contain when incident.ConfirmedAt is null => $"the incident must be confirmed before the {step} step",
            IncidentStepKind.Notify when incident.NotifiedAt is not null => "the tenants were already notified",
            IncidentStepKind.Contain when incident.ContainedAt is not null => "the incident is already contained",
            IncidentStepKind.Close when incident.NotifiedAt is null || incident.ContainedAt is null =>
                "an incident closes only once its tenants were notified and it is contained",
            _ => null,
        };
        if (problem is not null)
        {
            throw Refused(problem);
        }
    }

    public static NoticeState NoticeStateOf(IncidentTenant tenant, DateTimeOffset? dueAt, DateTimeOffset now) => tenant switch
    {
        { AcknowledgedAt: not null } => NoticeState.Acknowledged,
        { DeliveredAt: not null } => NoticeState.Delivered,
        _ when dueAt is { } due && now > due => NoticeState.Overdue,
        _ => NoticeState.Pending,
    };

    private static DomainException Refused(string message) => new(DomainError.FailedPrecondition, message);
}
