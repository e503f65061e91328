using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>Every silo of three is stopped gracefully and replaced, one after the other, under write load.</summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_rolling_restart_of_every_silo_loses_no_acknowledged_write()
    {
        await using var run = await LoadUnderFault.StartAsync(silos: 3);
        var (cluster, load) = (run.Cluster, run.Load);

        await Task.Delay(TimeSpan.FromSeconds(3));
        for (var i = 0; i < 3; i++)
        {
            await cluster.Silos[i].DisposeAsync();
            cluster.Silos[i] = await cluster.StartSiloAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        await Task.Delay(TimeSpan.FromSeconds(3));

        var verdict = await run.StopAsync();
        output.WriteLine($"rolling restart of 3 silos: {verdict.Report()}");
        Assert.Empty(verdict.Lost);
        Assert.Empty(verdict.Impossible);
        Assert.False(verdict.UnexpectedStatuses.Any(), $"{verdict.Report()}\n{run.UnexplainedFailures()}");
        Assert.True(verdict.Acknowledged > 1000, verdict.Report());
    }
}
