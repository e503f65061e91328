namespace Actors.Abstractions.Incidents;

/// <summary>What an incident exposed: a key over a window, a store over a window, or whole tenants.</summary>
public abstract record IncidentScope
{
    private IncidentScope()
    {
    }

    /// <summary>A key leaked or misused from <paramref name="From"/> to <paramref name="To"/>.</summary>
    public sealed record LeakedKey(string KeyId, DateTimeOffset From, DateTimeOffset To) : IncidentScope;

    /// <summary>A store exposed from <paramref name="From"/> to <paramref name="To"/>, for these tenants or (empty) all.</summary>
    public sealed record StoreExposure(ExposedStore Store, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> TenantIds) : IncidentScope;

    /// <summary>Whole tenants, as they stood when the incident was detected.</summary>
    public sealed record Tenants(IReadOnlyList<string> TenantIds) : IncidentScope;
}
