namespace Actors.Abstractions.Incidents;

/// <summary>
/// One affected tenant's part of an incident: the assessment's counts and categories, and its
/// notice once issued. Never a user id.
/// </summary>
/// <param name="Categories">"label" or "label:name" items (see <c>actors_incident_categories</c> in the schema).</param>
/// <param name="DeliveredAt">When the webhook delivered the notice, or the tenant first read it.</param>
public sealed record IncidentTenant(
    string TenantId,
    long AffectedUsers,
    long Records,
    IReadOnlyList<string> Categories,
    byte[]? NoticeBody,
    DateTimeOffset? NoticeIssuedAt,
    DateTimeOffset? DeliveredAt,
    int DeliveryAttempts,
    string? LastDeliveryError,
    DateTimeOffset? AcknowledgedAt);
