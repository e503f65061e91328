using Actors.Abstractions.Placement;
using Actors.Api.Authentication;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Actors.Api.Services;

/// <summary>The Cluster service of the contract, for the platform operator: silos and where tenants are active.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class ClusterService(IGrainFactory grains) : V1.Cluster.ClusterBase
{
    public override async Task<ListSilosResponse> ListSilos(ListSilosRequest request, ServerCallContext context)
    {
        var report = await grains.GetGrain<IPlacementReportGrain>(0).ReportAsync().WaitAsync(context.CancellationToken);
        return new ListSilosResponse
        {
            Silos =
            {
                report.Select(silo => new V1.SiloPlacement
                {
                    Address = silo.Address,
                    Hosts = silo.Hosts,
                    Tenants =
                    {
                        silo.Tenants.Select(t => new V1.TenantActivations
                        {
                            TenantId = t.TenantId, UserGrains = t.UserGrains, RequestGrains = t.RequestGrains, TenantGrains = t.TenantGrains,
                        }),
                    },
                }),
            },
        };
    }
}
