using Actors.Abstractions.Errors;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Actors.Grains.Placement;

/// <summary>
/// Narrows the silos a tenant's grain may activate on to the silos that host its tenant. A
/// tenant counts as dedicated if the cell's database records it or a running silo says so; its
/// grains then go to its own silos or nowhere: with none running the call fails UNAVAILABLE
/// rather than move the tenant's data onto shared silos (residency over availability).
/// </summary>
public sealed class TenantPlacementDirector(SiloHostings hostings, TenantDedications dedications) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var tenantId = TenantOf(target.GrainIdentity);
        var hosted = silos.Select(silo => (Silo: silo, Hosts: hostings.Of(silo))).ToArray();
        var dedicated = dedications.IsDedicated(tenantId) || hosted.Any(s => SiloHosting.DedicatedTenant(s.Hosts) == tenantId);
        var wanted = dedicated ? SiloHosting.For(tenantId) : SiloHosting.Shared;
        var chosen = hosted.Where(s => s.Hosts == wanted).Select(s => s.Silo).ToArray();
        if (chosen.Length == 0)
        {
            throw new DomainException(DomainError.Unavailable, dedicated
                ? $"tenant '{tenantId}' is served by silos dedicated to it and none of them is running; its data is never moved to shared silos: retry once one runs"
                : "no shared silo of this cell is running: retry once one runs");
        }
        return chosen;
    }

    /// <summary>The tenant id a grain key starts with: "{tenant}/{user}", "{tenant}/{request}" or "{tenant}".</summary>
    public static string TenantOf(GrainId grain)
    {
        var key = grain.Key.ToString() ?? "";
        var slash = key.IndexOf('/');
        return slash < 0 ? key : key[..slash];
    }
}
