using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Actors.Silo.Health;

/// <summary>Healthy while a gateway running as an Orleans client reaches at least one active silo.</summary>
public sealed class GatewayHealthCheck(IClusterClient cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await cluster.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"{silos.Count} active silos")
                : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the cluster does not answer", e);
        }
    }
}
