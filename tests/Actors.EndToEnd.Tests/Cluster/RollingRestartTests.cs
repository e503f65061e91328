using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>Every silo of three is stopped gracefully and replaced, one after the other, under write load.</summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_rolling_restart_of_every_silo_loses_no_acknowledged_write()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3);
        var key = await cluster.CreateLoadTenantAsync();
        var load = new WriteLoad(cluster.Gateway.Address, key, workers: 8, usersPerWorker: 16);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(3));
        for (var i = 0; i < 3; i++)
        {
            await cluster.Silos[i].StopAsync();
            cluster.Silos[i] = await cluster.StartSiloAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;

        var verdict = await LoadVerdict.CheckAsync(load, cluster.Gateway.Address, key);
        output.WriteLine($"rolling restart of 3 silos: {verdict.Report()}");
        Assert.Empty(verdict.Lost);
        Assert.Empty(verdict.Impossible);
        Assert.Empty(verdict.UnexpectedStatuses);
        Assert.True(verdict.Acknowledged > 1000, verdict.Report());
    }
}
