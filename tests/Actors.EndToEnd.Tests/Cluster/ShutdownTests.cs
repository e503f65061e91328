using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>
/// SIGTERM (systemctl stop, a rolling deploy, a container stop) while PostgreSQL is gone: each
/// process still exits within its configured bound instead of hanging until a SIGKILL.
/// </summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_gateway_and_a_silo_asked_to_stop_while_PostgreSQL_is_down_exit_within_the_bound()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, new Dictionary<string, string> { ["Actors:ShutdownTimeout"] = Bound.ToString() });
        var serverKey = await cluster.CreateLoadTenantAsync();
        using (var client = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = cluster.Gateway.Address, ApiKey = serverKey }))
        {
            // Users active on the silos, with writes to flush: what a stop has to deal with.
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.UpsertAttributesAsync($"user-{i}", new Dictionary<string, string> { ["city"] = "Paris" })));
        }

        TimeSpan gateway, silo;
        try
        {
            await PostgresServer.StopAsync();
            gateway = await cluster.Gateway.StopWithinAsync(TimeSpan.FromSeconds(60));
            silo = await cluster.Silos[1].StopWithinAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await PostgresServer.StartAsync();
        }

        output.WriteLine($"with PostgreSQL down and a bound of {Bound.TotalSeconds:F0} s: the gateway exited {gateway.TotalSeconds:F1} s after SIGTERM, a silo {silo.TotalSeconds:F1} s");
        Assert.True(gateway < Bound + TimeSpan.FromSeconds(5), $"the gateway took {gateway.TotalSeconds:F1} s");
        Assert.True(silo < Bound + TimeSpan.FromSeconds(5), $"the silo took {silo.TotalSeconds:F1} s");
    }
}
