using Actors.V1;
using Google.Protobuf.WellKnownTypes;

namespace Actors.Client.Incidents;

/// <summary>The three scopes an incident can have.</summary>
public static class IncidentScopes
{
    /// <summary>A key leaked or misused from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IncidentScope LeakedKey(string keyId, DateTimeOffset from, DateTimeOffset to) =>
        new() { LeakedKey = new() { KeyId = keyId, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to) } };

    /// <summary>A store exposed from <paramref name="from"/> to <paramref name="to"/>, for these tenants or, with none, all.</summary>
    public static IncidentScope StoreExposure(ExposedStore store, DateTimeOffset from, DateTimeOffset to, params string[] tenantIds) =>
        new() { StoreExposure = new() { Store = store, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to), TenantIds = { tenantIds } } };

    public static IncidentScope Tenants(params string[] tenantIds) => new() { Tenants = new() { TenantIds = { tenantIds } } };
}
