using Actors.Abstractions;
using Actors.Abstractions.Incidents;
using Actors.Abstractions.Tenants;
using Actors.Api.Errors;
using Actors.Api.Validation;
using DomainScope = Actors.Abstractions.Incidents.IncidentScope;

namespace Actors.Api.Incidents;

/// <summary>The Incidents service's request rules: each refusal names the field and the rule.</summary>
public static class IncidentRules
{
    public const int TextMaxBytes = 4096;
    public const int NoteMaxBytes = Limits.ReasonMaxBytes;
    public const int LabelMaxBytes = 256;
    public const int TenantsPerScope = 1000;
    public const int UsersPerCheck = 1000;

    public static Guid Id(string field, string value, bool required = true)
    {
        if (value.Length == 0 && !required)
        {
            return Guid.Empty;
        }
        return Guid.TryParseExact(value, "D", out var id)
            ? id
            : throw Reject.InvalidArgument(field, value.Length == 0 ? "is required (a UUID)" : $"'{RequestRules.Printable(value)}' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    }

    public static string Text(string field, string value, int maxBytes = TextMaxBytes, bool required = true)
    {
        RequestRules.Text(field, value, maxBytes, required, allowLineBreaks: maxBytes > LabelMaxBytes);
        return value;
    }

    /// <summary>A time no later than now (with the clock skew clients are allowed).</summary>
    public static DateTimeOffset Past(string field, Google.Protobuf.WellKnownTypes.Timestamp? value, DateTimeOffset now)
    {
        var at = WellKnownRules.RequiredTime(field, value);
        return at <= now + Limits.ClockSkew ? at : throw Reject.InvalidArgument(field, $"is {at:O}, in the future; it must be no later than now");
    }

    /// <summary>The scope, checked; tenant ids are checked to exist by the caller.</summary>
    public static DomainScope Scope(V1.IncidentScope? scope, DateTimeOffset now) => scope?.KindCase switch
    {
        V1.IncidentScope.KindOneofCase.LeakedKey => LeakedKey(scope.LeakedKey, now),
        V1.IncidentScope.KindOneofCase.StoreExposure => StoreExposure(scope.StoreExposure, now),
        V1.IncidentScope.KindOneofCase.Tenants => new DomainScope.Tenants(TenantIds("scope.tenants.tenant_ids", scope.Tenants.TenantIds, required: true)),
        _ => throw Reject.InvalidArgument("scope", "is required: set one of leaked_key, store_exposure or tenants"),
    };

    public static IReadOnlyList<string> UserIds(IReadOnlyList<string> userIds)
    {
        if (userIds.Count is 0 or > UsersPerCheck)
        {
            throw Reject.InvalidArgument("user_ids", $"holds {userIds.Count} ids; send 1 to {UsersPerCheck}");
        }
        for (var i = 0; i < userIds.Count; i++)
        {
            RequestRules.Text($"user_ids[{i}]", userIds[i], Limits.UserIdMaxBytes, required: true, allowLineBreaks: false);
        }
        return userIds;
    }

    private static DomainScope.LeakedKey LeakedKey(V1.LeakedKeyScope key, DateTimeOffset now)
    {
        if (!ApiKeyFormat.IsKeyId(key.KeyId))
        {
            throw Reject.InvalidArgument("scope.leaked_key.key_id", key.KeyId.Length == 0
                ? "is required: the id of the key (12 hex digits, as ListApiKeys shows it)"
                : $"'{RequestRules.Printable(key.KeyId)}' is not a key id (12 lower-case hex digits, as ListApiKeys shows it)");
        }
        var (from, to) = Window("scope.leaked_key", key.From, key.To, now);
        return new DomainScope.LeakedKey(key.KeyId, from, to);
    }

    private static DomainScope.StoreExposure StoreExposure(V1.StoreExposureScope store, DateTimeOffset now)
    {
        if (store.Store == V1.ExposedStore.Unspecified)
        {
            throw Reject.InvalidArgument("scope.store_exposure.store", "is required: one of GRAIN_STATE, RAW_EVENTS, EXPORTS, BACKUPS, LOGS");
        }
        var (from, to) = Window("scope.store_exposure", store.From, store.To, now);
        return new DomainScope.StoreExposure((ExposedStore)(int)store.Store, from, to, TenantIds("scope.store_exposure.tenant_ids", store.TenantIds, required: false));
    }

    private static (DateTimeOffset From, DateTimeOffset To) Window(string prefix, Google.Protobuf.WellKnownTypes.Timestamp? fromValue,
        Google.Protobuf.WellKnownTypes.Timestamp? toValue, DateTimeOffset now)
    {
        var from = Past($"{prefix}.from", fromValue, now);
        var to = Past($"{prefix}.to", toValue, now);
        return to >= from ? (from, to) : throw Reject.InvalidArgument($"{prefix}.to", $"is {to:O}, before from ({from:O}); a window ends after it starts");
    }

    private static IReadOnlyList<string> TenantIds(string field, IReadOnlyList<string> tenantIds, bool required)
    {
        if ((required && tenantIds.Count == 0) || tenantIds.Count > TenantsPerScope)
        {
            throw Reject.InvalidArgument(field, $"holds {tenantIds.Count} tenant ids; send {(required ? 1 : 0)} to {TenantsPerScope}");
        }
        for (var i = 0; i < tenantIds.Count; i++)
        {
            if (!Identifiers.IsTenantId(tenantIds[i]))
            {
                throw Reject.InvalidArgument($"{field}[{i}]", $"'{RequestRules.Printable(tenantIds[i])}' is not a tenant id ([a-z][a-z0-9-]{{0,62}})");
            }
        }
        return [.. tenantIds.Distinct(StringComparer.Ordinal)];
    }
}
