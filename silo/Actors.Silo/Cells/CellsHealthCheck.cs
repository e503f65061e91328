using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Actors.Silo.Cells;

/// <summary>
/// A gateway of several regions serves while any of its cells does: each connected cell is
/// asked whether its cluster answers; one down makes the gateway degraded, not down.
/// </summary>
public sealed class CellsHealthCheck(CellHosts cells) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var answers = await Task.WhenAll(cells.All.Select(async cell => (cell.Region, Up: cell.IsRunning
            && (await cell.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "cluster", cancellationToken)).Status == HealthStatus.Healthy)));
        var down = answers.Where(a => !a.Up).Select(a => a.Region).ToList();
        return down.Count == 0 ? HealthCheckResult.Healthy($"{cells.All.Count} regions answer")
            : down.Count < cells.All.Count ? HealthCheckResult.Degraded($"regions that do not answer: {string.Join(", ", down)}")
            : HealthCheckResult.Unhealthy("no region answers");
    }
}
