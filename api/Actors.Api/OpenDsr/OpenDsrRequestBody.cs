using System.Text.Json;
using System.Text.Json.Serialization;

namespace Actors.Api.OpenDsr;

/// <summary>The body of <c>POST /opendsr/v1/requests</c>, with the specification's field names.</summary>
public sealed class OpenDsrRequestBody
{
    [JsonPropertyName("regulation")] public string? Regulation { get; set; }

    [JsonPropertyName("subject_request_id")] public string? SubjectRequestId { get; set; }

    [JsonPropertyName("subject_request_type")] public string? SubjectRequestType { get; set; }

    [JsonPropertyName("subject_identities")] public List<OpenDsrIdentity>? SubjectIdentities { get; set; }

    [JsonPropertyName("submitted_time")] public DateTimeOffset? SubmittedTime { get; set; }

    [JsonPropertyName("api_version")] public string? ApiVersion { get; set; }

    [JsonPropertyName("status_callback_urls")] public List<string>? StatusCallbackUrls { get; set; }

    /// <summary>Processor-specific fields keyed by processor domain; ours are in <see cref="OpenDsrExtension"/>.</summary>
    [JsonPropertyName("extensions")] public Dictionary<string, JsonElement>? Extensions { get; set; }
}

/// <summary>An identity of the data subject (OpenDSR section 5.3).</summary>
public sealed class OpenDsrIdentity
{
    [JsonPropertyName("identity_type")] public string? IdentityType { get; set; }

    [JsonPropertyName("identity_value")] public string? IdentityValue { get; set; }

    [JsonPropertyName("identity_format")] public string? IdentityFormat { get; set; }
}

/// <summary>What this platform reads from the extension under its own processor domain.</summary>
public sealed class OpenDsrExtension
{
    [JsonPropertyName("identity_verification_pending")] public bool IdentityVerificationPending { get; set; }

    [JsonPropertyName("rectifications")] public Dictionary<string, string>? Rectifications { get; set; }

    [JsonPropertyName("objection_purposes")] public List<string>? ObjectionPurposes { get; set; }
}
