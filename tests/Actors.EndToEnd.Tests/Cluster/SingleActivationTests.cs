using Actors.EndToEnd.Tests.Infrastructure;
using System.Collections.Concurrent;
using Actors.Client;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>
/// Many connections write to the same few users while a silo dies. Each acknowledged write
/// carries the version it produced; with one activation per user, the versions of one user
/// are all different and the stored state is the one the highest version produced.
/// </summary>
public sealed class SingleActivationTests(ITestOutputHelper output)
{
    private const int HotUsers = 12;
    private const int Connections = 16;

    [Fact]
    public async Task Contended_writes_during_a_silo_failure_end_in_one_serial_order()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3);
        var key = await cluster.CreateLoadTenantAsync();
        var acknowledged = new ConcurrentBag<(string User, string Value, long Version)>();
        var failed = new ConcurrentBag<(string User, string Value)>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Connections).Select(c => Task.Run(async () =>
        {
            using var client = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = cluster.Gateway.Address, ApiKey = key, Timeout = TimeSpan.FromSeconds(5) });
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var user = $"hot-{(c + n) % HotUsers}";
                var value = $"c{c}-n{n}";
                try
                {
                    var profile = await client.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = value });
                    acknowledged.Add((user, value, profile.Version));
                }
                catch (ActorsApiException)
                {
                    failed.Add((user, value));
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(4));
        await cluster.Silos[2].KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        using var reader = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = cluster.Gateway.Address, ApiKey = key });
        foreach (var user in acknowledged.GroupBy(a => a.User))
        {
            var versions = user.Select(a => a.Version).ToList();
            Assert.True(versions.Count == versions.Distinct().Count(), $"{user.Key}: two acknowledged writes produced the same version");
            var stored = await reader.GetProfileAsync(user.Key);
            var city = stored.Attributes.Single(a => a.Name == "city").Value;
            Assert.True(stored.Version >= versions.Max(), $"{user.Key}: stored version {stored.Version} is older than acknowledged {versions.Max()}");
            var producedStored = user.Where(a => a.Version == stored.Version).Select(a => a.Value).ToList();
            if (producedStored.Count == 1)
            {
                Assert.Equal(producedStored[0], city);
            }
            else
            {
                Assert.Contains(failed, f => f.User == user.Key && f.Value == city);
            }
        }
        output.WriteLine($"{Connections} connections on {HotUsers} users, 1 of 3 silos killed: acknowledged {acknowledged.Count}, failed {failed.Count}, " +
            $"duplicate versions 0, final states consistent with one serial order: {acknowledged.Select(a => a.User).Distinct().Count()} users");
        Assert.True(acknowledged.Count > 500);
    }
}
