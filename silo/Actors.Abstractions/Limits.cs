namespace Actors.Abstractions;

/// <summary>
/// The documented limits of the platform (docs/api.md). The gateway checks request fields
/// against them; the grains enforce those that depend on stored state.
/// </summary>
public static class Limits
{
    public const int UserIdMaxBytes = 256;
    public const int AttributeValueMaxBytes = 4096;
    public const int AttributesPerRequest = 100;
    public const int AttributesPerUser = 100;
    public const int ReasonMaxBytes = 512;
    public const int ConsentSourceMaxBytes = 256;
    public const int PolicyVersionMaxBytes = 64;
    public const int ConsentHistoryKept = 100;
    public const int ConsentHistoryDefault = 20;
    public const int ConsentHistoryMax = 100;
    public const int RectificationsKept = 100;
    public const int SuppressionHistoryKept = 50;

    /// <summary>How long a device token lives unless its issuer asks otherwise, and at most.</summary>
    public static readonly TimeSpan DeviceTokenDefaultLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan DeviceTokenMaxLifetime = TimeSpan.FromDays(30);
    public static readonly TimeSpan DeviceTokenMinLifetime = TimeSpan.FromMinutes(1);
    /// <summary>How far ahead of the server a client's clock may be (consent and event times).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public const int EventsPerBatch = 500;
    public const int EventNamesPerUser = 100;
    public const int EventPropertiesPerEvent = 20;
    public const int EventPropertyValueMaxBytes = 256;
    public static readonly TimeSpan EventMaxAge = TimeSpan.FromDays(365);

    /// <summary>The most raw events one export carries; the document counts the rest.</summary>
    public const int RawEventsPerExport = 5000;

    public const int RawEventRetentionMaxDays = 3650;

    /// <summary>Status callback URLs one request may name, and how long each may be.</summary>
    public const int CallbackUrlsPerRequest = 5;
    public const int CallbackUrlMaxLength = 2048;

    /// <summary>Requests one list call returns at most, and by default.</summary>
    public const int RequestsPerPage = 500;
    public const int RequestsPerPageDefault = 100;

    /// <summary>Daily counts older than this are dropped from a user's activity.</summary>
    public static readonly TimeSpan EventCountsKept = TimeSpan.FromDays(400);

    public const int TenantIdMaxLength = 63;
    public const int NameMaxLength = 64;
    public const int DescriptionMaxBytes = 512;
    public const int DisplayNameMaxBytes = 200;
    public const int LabelMaxBytes = 200;
    public const int PurposesPerTenant = 50;
    public const int AttributesPerTenant = 200;
    public const int ApiKeysPerTenant = 100;
}
