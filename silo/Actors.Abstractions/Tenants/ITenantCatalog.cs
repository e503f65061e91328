namespace Actors.Abstractions.Tenants;

/// <summary>Which tenants a cell holds, for the operator's overview; each tenant's configuration is its grain's.</summary>
public interface ITenantCatalog
{
    /// <summary>The ids of the cell's tenants, in order; nothing else is read.</summary>
    Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellation);
}
