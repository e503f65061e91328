using System.Collections.Immutable;
using Actors.Abstractions.Placement;
using Actors.Grains.Requests;
using Actors.Grains.Tenants;
using Actors.Grains.Users;
using Orleans.Concurrency;
using Orleans.Serialization.TypeSystem;

namespace Actors.Grains.Placement;

/// <summary>
/// Asks every silo for its activations of tenant grains and groups them by silo and tenant; a
/// silo's hosting comes from its metadata. Stateless: it holds no tenant's data, so it may run
/// on any silo, dedicated ones included.
/// </summary>
[StatelessWorker(1)]
public sealed class PlacementReportGrain(SiloHostings hostings) : Grain, IPlacementReportGrain
{
    private static readonly string UserType = RuntimeTypeNameFormatter.Format(typeof(UserGrain));
    private static readonly string RequestType = RuntimeTypeNameFormatter.Format(typeof(DataSubjectRequestGrain));
    private static readonly string TenantType = RuntimeTypeNameFormatter.Format(typeof(TenantGrain));

    public async Task<ImmutableArray<SiloPlacement>> ReportAsync()
    {
        var management = GrainFactory.GetGrain<IManagementGrain>(0);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        var activations = await management.GetDetailedGrainStatistics([UserType, RequestType, TenantType], silos);
        var bySilo = activations.ToLookup(a => a.SiloAddress);
        return [.. silos.OrderBy(s => s.ToString(), StringComparer.Ordinal).Select(silo => new SiloPlacement(
            silo.ToString(),
            hostings.Of(silo) ?? "unknown",
            [.. bySilo[silo].GroupBy(a => TenantPlacementDirector.TenantOf(a.GrainId)).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new TenantActivations(g.Key, g.Count(a => a.GrainType == UserType), g.Count(a => a.GrainType == RequestType), g.Count(a => a.GrainType == TenantType)))]))];
    }
}
