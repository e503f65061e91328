using System.Text;
using System.Text.Json;
using Actors.Abstractions.Tenants;
using Actors.Abstractions.Users;

namespace Actors.Abstractions.Export;

/// <summary>
/// The access and portability document (GDPR Art. 15 and 20): everything held about one user,
/// in the layout docs/export.md describes. Written field by field so the layout is stable.
/// </summary>
public static class UserExportDocument
{
    public const string ContentType = "application/json";
    public const string Format = "actors.user-export.v1";

    public static string Write(string tenantId, string userId, TenantState tenant, UserExport export, DateTimeOffset generatedAt)
    {
        var user = export.State;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("tenant_id", tenantId);
            json.WriteString("region", tenant.Region);
            json.WriteString("user_id", userId);
            json.WriteString("generated_at", generatedAt);
            json.WriteString("status", user.IsErased ? "erased" : "active");
            json.WriteNumber("version", user.Version);
            if (user.Erasure is { } erasure)
            {
                WriteErasure(json, erasure);
            }
            else
            {
                WriteProfile(json, tenant, user, generatedAt);
                WriteRawEvents(json, export);
                WriteRetention(json, tenant.Retention, export);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteErasure(Utf8JsonWriter json, Erasure erasure)
    {
        json.WriteStartObject("erasure");
        json.WriteString("erased_at", erasure.ErasedAt);
        json.WriteNumber("attributes_erased", erasure.AttributesErased);
        json.WriteNumber("consent_records_erased", erasure.ConsentRecordsErased);
        json.WriteBoolean("data_key_destroyed", erasure.DataKeyDestroyed);
        json.WriteNumber("raw_events_purged", erasure.RawEventsPurged);
        json.WriteString("note", "all personal data about this user was deleted; only this record of the erasure remains");
        json.WriteEndObject();
    }

    private static void WriteProfile(Utf8JsonWriter json, TenantState tenant, UserState user, DateTimeOffset now)
    {
        WriteTime(json, "created_at", user.CreatedAt);
        WriteTime(json, "updated_at", user.UpdatedAt);

        json.WriteStartArray("attributes");
        foreach (var attribute in user.Attributes)
        {
            json.WriteStartObject();
            json.WriteString("name", attribute.Name);
            json.WriteString("value", attribute.Value);
            json.WriteString("purpose", attribute.Purpose);
            json.WriteString("purpose_description", tenant.Purposes.GetValueOrDefault(attribute.Purpose)?.Description ?? "");
            json.WriteString("updated_at", attribute.UpdatedAt);
            json.WriteNumber("rectifications", attribute.Rectifications);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        // Which attribute was corrected, when and why; never the value it had.
        json.WriteStartArray("rectifications");
        foreach (var rectification in user.Rectifications)
        {
            json.WriteStartObject();
            json.WriteString("attribute", rectification.Attribute);
            json.WriteString("reason", rectification.Reason);
            json.WriteString("rectified_at", rectification.At);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        json.WriteStartObject("consents");
        WriteConsents(json, "current", user.Consents.Values.OrderBy(c => c.Purpose, StringComparer.Ordinal), tenant.Retention, now);
        WriteConsents(json, "history", user.ConsentHistory, retention: null, now);
        json.WriteEndObject();

        json.WriteStartObject("suppression");
        json.WriteBoolean("suppressed", user.Suppression is not null);
        WriteTime(json, "since", user.Suppression?.Since);
        if (user.Suppression is { } suppression)
        {
            json.WriteString("reason", suppression.Reason);
        }
        json.WriteStartArray("history");
        foreach (var change in user.SuppressionHistory)
        {
            json.WriteStartObject();
            json.WriteString("change", change.Suppressed ? "suppressed" : "unsuppressed");
            json.WriteString("source", change.Source);
            json.WriteString("reason", change.Reason);
            json.WriteString("at", change.At);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();

        json.WriteStartObject("activity");
        WriteTime(json, "first_seen", user.FirstSeen);
        WriteTime(json, "last_seen", user.LastSeen);
        json.WriteStartArray("daily_event_counts");
        foreach (var (name, days) in user.EventCounts.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            foreach (var (day, count) in days.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("day", day);
                json.WriteNumber("count", count);
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The raw events kept for the user, decrypted, oldest first.</summary>
    private static void WriteRawEvents(Utf8JsonWriter json, UserExport export)
    {
        json.WriteStartArray("raw_events");
        foreach (var raw in export.RawEvents)
        {
            json.WriteStartObject();
            json.WriteString("name", raw.Name);
            json.WriteString("occurred_at", raw.OccurredAt);
            json.WriteString("received_at", raw.ReceivedAt);
            json.WriteString("country", raw.Country);
            json.WriteStartObject("properties");
            foreach (var (key, value) in raw.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("raw_events_omitted", export.RawEventsOmitted);
    }

    private static void WriteRetention(Utf8JsonWriter json, RetentionPolicy retention, UserExport export)
    {
        var user = export.State;
        json.WriteStartObject("retention");
        json.WriteString("policy", retention == RetentionPolicy.None ? "kept until erased" : "limited by the tenant's retention policy");
        json.WriteNumber("inactive_user_expiry_days", retention.InactiveUserExpiryDays);
        json.WriteNumber("consent_expiry_months", retention.ConsentExpiryMonths);
        json.WriteNumber("raw_event_retention_days", retention.RawEventRetentionDays);
        json.WriteStartArray("scheduled_deletions");
        if (retention.InactiveUserExpiryDays > 0 && user.LastActivityAt is { } last)
        {
            json.WriteStartObject();
            json.WriteString("what", "the whole user, unless active again before");
            json.WriteString("due", last.AddDays(retention.InactiveUserExpiryDays));
            json.WriteEndObject();
        }
        if (retention.KeepsRawEvents && export.RawEvents.Length > 0)
        {
            json.WriteStartObject();
            json.WriteString("what", $"the oldest raw event, and each later one {retention.RawEventRetentionDays} days after it happened");
            json.WriteString("due", export.RawEvents[0].OccurredAt.AddDays(retention.RawEventRetentionDays));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <param name="retention">For the current consents: a grant past the tenant's expiry is reported withdrawn.</param>
    private static void WriteConsents(Utf8JsonWriter json, string name, IEnumerable<ConsentRecord> records, RetentionPolicy? retention, DateTimeOffset now)
    {
        json.WriteStartArray(name);
        foreach (var record in records)
        {
            var expired = record.Granted && retention is not null && retention.ConsentExpired(record.OccurredAt, now);
            json.WriteStartObject();
            json.WriteString("purpose", record.Purpose);
            json.WriteBoolean("granted", record.Granted && !expired);
            if (retention is not null)
            {
                json.WriteBoolean("expired", expired);
            }
            json.WriteString("lawful_basis", JsonNamingPolicy.SnakeCaseLower.ConvertName(record.LawfulBasis.ToString()));
            json.WriteString("source", record.Source);
            json.WriteString("policy_version", record.PolicyVersion);
            json.WriteString("occurred_at", record.OccurredAt);
            json.WriteString("recorded_at", record.RecordedAt);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
        {
            json.WriteString(name, t);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
