using System.Collections.Immutable;

namespace Actors.Grains.Placement;

/// <summary>
/// The tenants of this cell that have silos of their own, as the cell's database records them.
/// Kept in memory because placement asks it synchronously for every new activation; the silo
/// refreshes it from the database (Actors.Silo/Placement). A dedication stays recorded while its
/// silos are down, which is what keeps the tenant off the shared silos then.
/// </summary>
public sealed class TenantDedications
{
    private volatile ImmutableHashSet<string> _tenants = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    public bool IsDedicated(string tenantId) => _tenants.Contains(tenantId);

    public ImmutableHashSet<string> Tenants => _tenants;

    public void Replace(IEnumerable<string> tenants) => _tenants = ImmutableHashSet.CreateRange(StringComparer.Ordinal, tenants);
}
