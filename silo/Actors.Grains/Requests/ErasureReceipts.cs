using System.Text;
using System.Text.Json;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Security;
using Actors.Abstractions.Users;

namespace Actors.Grains.Requests;

/// <summary>
/// The receipt of a completed erasure: what each store held and purged, and what the
/// independent check found (nothing), signed with the platform's key. It names the user only
/// by the pseudonymous reference, never by the user id.
/// </summary>
public static class ErasureReceipts
{
    public const string Format = "actors.erasure-receipt.v1";

    public static SignedReceipt Issue(DataSubjectRequestState request, Erasure erasure, int exportsPurged, ErasureFindings findings,
        DateTimeOffset checkedAt, PlatformSigningKey signingKey)
    {
        if (!findings.NothingFound)
        {
            throw new InvalidOperationException("a receipt is issued only after the check found nothing");
        }
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("request_id", request.RequestId.ToString("D"));
            json.WriteString("tenant_id", request.TenantId);
            json.WriteString("user_reference", request.UserReference);
            json.WriteString("received_at", request.ReceivedAt);
            json.WriteString("erased_at", erasure.ErasedAt);
            json.WriteString("issued_at", checkedAt);
            json.WriteStartObject("stores");
            json.WriteStartObject("user_state");
            json.WriteNumber("attributes_erased", erasure.AttributesErased);
            json.WriteNumber("consent_records_erased", erasure.ConsentRecordsErased);
            json.WriteString("left", "tombstone without personal data");
            json.WriteEndObject();
            json.WriteStartObject("raw_events");
            json.WriteNumber("purged", erasure.RawEventsPurged);
            json.WriteNumber("remaining", findings.RawEvents);
            json.WriteEndObject();
            json.WriteStartObject("exports");
            json.WriteNumber("purged", exportsPurged);
            json.WriteNumber("remaining", findings.Exports);
            json.WriteEndObject();
            json.WriteStartObject("requests");
            json.WriteNumber("naming_the_user", findings.RequestsNamingUser);
            json.WriteEndObject();
            json.WriteStartObject("data_keys");
            json.WriteBoolean("destroyed", erasure.DataKeyDestroyed);
            json.WriteNumber("remaining", findings.DataKeys);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("verification");
            json.WriteString("checked_at", checkedAt);
            json.WriteString("method", "each store re-read from its database for the user reference");
            json.WriteString("result", "nothing found");
            json.WriteEndObject();
            json.WriteString("signing_key_id", signingKey.KeyId);
            json.WriteString("signature_algorithm", "ECDSA P-256 SHA-256 over the exact bytes of this document, DER, base64");
            json.WriteEndObject();
        }
        var document = buffer.ToArray();
        return new SignedReceipt(Encoding.UTF8.GetString(document), signingKey.SignToBase64(document), signingKey.KeyId);
    }
}
