namespace Actors.Abstractions.Audit;

/// <summary>The operations the audit trail names.</summary>
public static class AuditOperations
{
    public const string RequestTransition = "request.transition";

    // Reads of personal data.
    public const string ProfileRead = "profile.read";
    public const string ConsentsRead = "consents.read";
    public const string ActivityRead = "activity.read";
    public const string UserExported = "user.export";

    // Changes to a user.
    public const string AttributesUpserted = "attributes.upsert";
    public const string AttributeRectified = "attribute.rectify";
    public const string AttributeDeleted = "attribute.delete";
    public const string ConsentRecorded = "consent.record";
    public const string Suppressed = "user.suppress";
    public const string Unsuppressed = "user.unsuppress";
    public const string Forgotten = "user.forget";
    public const string EventsRecorded = "events.record";
    public const string UserExpired = "user.expire";
    public const string DeviceTokenIssued = "device_token.issue";
    public const string DeviceTokensRevoked = "device_token.revoke";

    // Tenant administration, by the operator.
    public const string TenantCreated = "tenant.create";
    public const string PurposesDeclared = "tenant.purposes";
    public const string AttributesDeclared = "tenant.attributes";
    public const string RetentionPolicySet = "tenant.retention";
    public const string RequestPolicySet = "tenant.request_policy";
    public const string RequestExportRead = "request.export_read";
    public const string KeyIssued = "key.issue";
    public const string KeyRevoked = "key.revoke";

    // Incidents that involved the tenant, by the operator (acknowledgement: the tenant's key).
    public const string IncidentPrefix = "incident.";

    /// <summary>"incident.open", "incident.confirm", ...: one operation per step of IncidentStepKind.</summary>
    public static string Incident(string step) => IncidentPrefix + step;

    /// <summary>Operations that read personal data and change nothing.</summary>
    public static bool IsRead(string operation) =>
        operation is ProfileRead or ConsentsRead or ActivityRead or UserExported or RequestExportRead;
}
