using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Actors.Silo.Cells;

/// <summary>A gateway of several regions serves while any of its cells does; one down makes it degraded, not down.</summary>
public sealed class CellsHealthCheck(CellHosts cells) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var down = cells.All.Where(c => !c.IsRunning).Select(c => c.Region).ToList();
        return Task.FromResult(down.Count == 0 ? HealthCheckResult.Healthy($"{cells.All.Count} regions connected")
            : down.Count < cells.All.Count ? HealthCheckResult.Degraded($"regions not connected: {string.Join(", ", down)}")
            : HealthCheckResult.Unhealthy("no region connected"));
    }
}
