using System.Text.Json;
using System.Text.Json.Serialization;
using Actors.Abstractions.Incidents;

namespace Actors.Silo.Incidents;

/// <summary>How <c>actors_incidents.scope</c> stores a scope: one JSON object with a kind.</summary>
public static class IncidentScopeJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Write(IncidentScope scope) => JsonSerializer.Serialize(scope switch
    {
        IncidentScope.LeakedKey key => new Stored("leaked_key", key.KeyId, null, key.From, key.To, null),
        IncidentScope.StoreExposure store => new Stored("store_exposure", null, store.Store.ToString(), store.From, store.To, [.. store.TenantIds]),
        IncidentScope.Tenants tenants => new Stored("tenants", null, null, null, null, [.. tenants.TenantIds]),
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    }, Options);

    public static IncidentScope Read(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json, Options) ?? throw new InvalidDataException("an incident scope is null");
        return stored.Kind switch
        {
            "leaked_key" => new IncidentScope.LeakedKey(stored.KeyId!, stored.From!.Value, stored.To!.Value),
            "store_exposure" => new IncidentScope.StoreExposure(Enum.Parse<ExposedStore>(stored.Store!), stored.From!.Value, stored.To!.Value, stored.TenantIds ?? []),
            "tenants" => new IncidentScope.Tenants(stored.TenantIds ?? []),
            _ => throw new InvalidDataException($"an incident scope of kind {stored.Kind}"),
        };
    }

    private sealed record Stored(string Kind, string? KeyId, string? Store, DateTimeOffset? From, DateTimeOffset? To, string[]? TenantIds);
}
