using Actors.Abstractions.Incidents;

namespace Actors.Silo.Incidents;

/// <summary>The incident workflow's settings, section <c>Actors:Incidents</c> (docs/operations.md lists them).</summary>
public sealed class IncidentOptions
{
    /// <summary>
    /// How soon after confirmation each affected tenant's notice is due: 24 hours, or less; never
    /// more (the platform's promise to its tenants).
    /// </summary>
    public TimeSpan TenantNoticeWithin { get; set; } = IncidentLifecycle.LongestTenantNoticeWindow;
}
