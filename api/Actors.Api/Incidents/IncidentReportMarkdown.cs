using System.Globalization;
using System.Text;
using Actors.V1;

namespace Actors.Api.Incidents;

/// <summary>An incident as a document an operator can file or forward: timeline, scope, assessment, notices.</summary>
public static class IncidentReportMarkdown
{
    public static string Render(Incident incident)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Incident {incident.IncidentId}").AppendLine();
        text.AppendLine($"- Status: {Words(incident.Status.ToString())}");
        text.AppendLine($"- Detected: {At(incident.DetectedAt)}");
        text.AppendLine($"- Confirmed: {At(incident.ConfirmedAt)}; tenant notices due {At(incident.NoticeDueAt)}");
        text.AppendLine($"- Tenants notified: {At(incident.NotifiedAt)}");
        text.AppendLine($"- Contained: {At(incident.ContainedAt)}");
        text.AppendLine($"- Closed: {At(incident.ClosedAt)}");
        if (incident.SecurityReportId.Length > 0)
        {
            text.AppendLine($"- From security report {incident.SecurityReportId}");
        }
        text.AppendLine().AppendLine("## Description").AppendLine().AppendLine(incident.Description).AppendLine();
        text.AppendLine("## Scope").AppendLine().AppendLine(Scope(incident.Scope)).AppendLine();
        text.AppendLine("## Assessment").AppendLine();
        text.AppendLine($"{incident.Assessment.AffectedUsers.ToString("N0", CultureInfo.InvariantCulture)} affected user(s) in {incident.Assessment.Tenants.Count} tenant(s), assessed {At(incident.Assessment.AssessedAt)}: {incident.Assessment.Method}.").AppendLine();
        if (incident.Assessment.Tenants.Count > 0)
        {
            text.AppendLine("| tenant | affected users | records | data categories |").AppendLine("|---|---:|---:|---|");
            foreach (var tenant in incident.Assessment.Tenants)
            {
                text.AppendLine($"| {tenant.TenantId} | {tenant.AffectedUsers:N0} | {tenant.Records:N0} | {string.Join("; ", tenant.DataCategories)} |");
            }
            text.AppendLine();
        }
        text.AppendLine("## Notices").AppendLine();
        if (incident.Notices.Count > 0)
        {
            text.AppendLine("| tenant | state | due | issued | delivered | acknowledged | tenant's authority deadline | attempts |").AppendLine("|---|---|---|---|---|---|---|---:|");
            foreach (var notice in incident.Notices)
            {
                text.AppendLine($"| {notice.TenantId} | {Words(notice.State.ToString())} | {At(notice.DueAt)} | {At(notice.IssuedAt)} | {At(notice.DeliveredAt)} | {At(notice.AcknowledgedAt)} | {At(notice.AuthorityDeadline)} | {notice.DeliveryAttempts} |");
            }
        }
        else
        {
            text.AppendLine("No tenant was affected: no notice is due.");
        }
        text.AppendLine().AppendLine("## Timeline").AppendLine();
        foreach (var step in incident.Timeline)
        {
            text.AppendLine($"- {At(step.At)}: {step.Step} by {step.Actor}{(step.Note.Length > 0 ? $" ({step.Note})" : "")}");
        }
        return text.ToString();
    }

    private static string Scope(IncidentScope scope) => scope.KindCase switch
    {
        IncidentScope.KindOneofCase.LeakedKey => $"API key {scope.LeakedKey.KeyId} leaked or misused from {At(scope.LeakedKey.From)} to {At(scope.LeakedKey.To)}.",
        IncidentScope.KindOneofCase.StoreExposure => $"Store {Words(scope.StoreExposure.Store.ToString())} exposed from {At(scope.StoreExposure.From)} to {At(scope.StoreExposure.To)}, "
            + (scope.StoreExposure.TenantIds.Count == 0 ? "for every tenant." : $"for tenants {string.Join(", ", scope.StoreExposure.TenantIds)}."),
        IncidentScope.KindOneofCase.Tenants => $"Tenants {string.Join(", ", scope.Tenants.TenantIds)}, whole.",
        _ => "none",
    };

    private static string At(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "not yet" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"TenantsNotified" as "tenants notified".</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
