using Actors.EndToEnd.Tests.Cluster;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>Three silos and a gateway under write load; one silo is killed with SIGKILL mid-run.</summary>
public sealed class SiloLossTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_a_silo_under_load_loses_no_acknowledged_write()
    {
        await using var run = await LoadUnderFault.StartAsync(silos: 3);
        var (cluster, load) = (run.Cluster, run.Load);

        await Task.Delay(TimeSpan.FromSeconds(5));
        var killedAt = load.Now;
        await cluster.Silos[1].KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(15));
        var endedAt = load.Now;

        var verdict = await run.StopAsync();
        var failedAfterKill = load.Failures.Where(f => f.At >= killedAt).ToList();
        var lastFailure = failedAfterKill.Select(f => f.At).DefaultIfEmpty(killedAt).Max();
        var lastFailedStart = failedAfterKill.Select(f => f.Started).DefaultIfEmpty(killedAt).Max();
        output.WriteLine($"kill -9 of 1 of 3 silos: {verdict.Report()}; the last call to fail was sent {lastFailedStart - killedAt:F1} s " +
            $"after the kill and answered {lastFailure - killedAt:F1} s after it " +
            $"(probe timeout {ProcessCluster.ProbeTimeoutSeconds} s x {ProcessCluster.MissedProbesLimit} missed probes)");
        Assert.Empty(verdict.Lost);
        Assert.Empty(verdict.Impossible);
        Assert.False(verdict.UnexpectedStatuses.Any(), $"{verdict.Report()}\n{run.UnexplainedFailures()}");
        Assert.Contains(load.Acknowledgements, a => a.At > killedAt);
        Assert.True(lastFailure < endedAt - 3, $"still failing {endedAt - lastFailure:F1} s before the end: {verdict.Report()}");
    }
}
