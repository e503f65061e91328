using System.Text.Json;
using Actors.Abstractions.Incidents;
using Actors.Abstractions.Tenants;

namespace Actors.Api.Incidents;

/// <summary>
/// The JSON a tenant's notice carries, signed and POSTed as it is stored: what GDPR Art. 33(3)
/// asks, for this tenant only. It names no other tenant and holds no user id; the tenant finds
/// its users with Incidents.CheckAffected.
/// </summary>
public static class IncidentNoticeDocument
{
    public const string Type = "actors.incident_notice";

    public const string Recommendation =
        "We strongly recommend that you inform the affected users without undue delay (GDPR Art. 34), and assess your own " +
        "duty to notify your supervisory authority within 72 hours of becoming aware of this breach (Art. 33).";

    public static byte[] Compose(IncidentRecord incident, IncidentTenant tenant, NoticeTexts texts, TenantState? declarations) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["type"] = Type,
            ["incident_id"] = incident.IncidentId.ToString("D"),
            ["tenant_id"] = tenant.TenantId,
            ["detected_at"] = incident.DetectedAt,
            ["confirmed_at"] = incident.ConfirmedAt,
            ["issued_at"] = tenant.NoticeIssuedAt,
            ["due_at"] = incident.NoticeDueAt,
            ["authority_deadline"] = tenant.NoticeIssuedAt + IncidentLifecycle.AuthorityWindow,
            ["nature"] = texts.Nature,
            ["data_categories"] = IncidentCategories.Describe(tenant.Categories, declarations),
            ["approximate_data_subjects"] = tenant.AffectedUsers,
            ["approximate_records"] = tenant.Records,
            ["likely_consequences"] = texts.LikelyConsequences,
            ["measures_taken"] = texts.MeasuresTaken,
            ["measures_proposed"] = texts.MeasuresProposed,
            ["contact"] = texts.Contact,
            ["recommendation"] = Recommendation,
            ["check_affected"] = "Incidents.CheckAffected with this incident_id and your user ids answers, per id, whether that user was affected.",
        });
}
