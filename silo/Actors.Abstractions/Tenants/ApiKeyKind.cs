namespace Actors.Abstractions.Tenants;

/// <summary>What a tenant key may do.</summary>
public enum ApiKeyKind
{
    /// <summary>Full access to the tenant's users, for tenant backends.</summary>
    Server = 1,

    /// <summary>Write-only, for mobile apps: suppress or forget, never read.</summary>
    Device = 2,
}
