using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>
/// A tenant with a silo of its own: every grain of the tenant (its users, its requests, its
/// configuration) activates there and no other tenant's does, as the silos report it. With the
/// silo down the tenant's calls fail UNAVAILABLE rather than move onto shared silos, the other
/// tenants carry on, and a new dedicated silo serves what was acknowledged before.
/// </summary>
public sealed class DedicatedSiloTests(ITestOutputHelper output)
{
    private const string Dedicated = "acme";
    private const string SharedTenant = "other";
    private const int Users = 30;

    [Fact]
    public async Task A_dedicated_tenant_lives_on_its_silo_only_and_waits_for_it_rather_than_move()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2, dedicated: [Dedicated]);
        using var dedicated = cluster.Client(await cluster.CreateLoadTenantAsync(Dedicated));
        using var shared = cluster.Client(await cluster.CreateLoadTenantAsync(SharedTenant));
        var dedicatedUsers = Enumerable.Range(0, Users).Select(_ => TestTenant.NewUserId()).ToList();
        foreach (var user in dedicatedUsers)
        {
            await dedicated.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = "Delft" });
            await shared.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = "Gouda" });
        }
        var request = await dedicated.CreateRequestAsync(new CreateRequestRequest { RequestId = Guid.NewGuid().ToString("D"), Type = RequestType.Access, UserId = dedicatedUsers[0] });

        using var admin = cluster.Admin();
        var silos = await admin.ListSilosAsync();
        output.WriteLine(string.Join("\n", silos.Select(s => $"{s.Address} {s.Hosts}: " + string.Join(", ", s.Tenants.Select(t => $"{t.TenantId} {t.UserGrains}/{t.RequestGrains}/{t.TenantGrains}")))));
        Assert.Equal(3, silos.Count);
        var own = Assert.Single(silos, s => s.Hosts == $"tenant:{Dedicated}");
        Assert.Equal(2, silos.Count(s => s.Hosts == "shared"));
        var ownTenant = Assert.Single(own.Tenants);
        Assert.Equal(Dedicated, ownTenant.TenantId);
        Assert.Equal((Users, 1, 1), (ownTenant.UserGrains, ownTenant.RequestGrains, ownTenant.TenantGrains));
        Assert.DoesNotContain(silos.Where(s => s != own).SelectMany(s => s.Tenants), t => t.TenantId == Dedicated);
        Assert.Equal(Users, silos.Where(s => s != own).SelectMany(s => s.Tenants).Where(t => t.TenantId == SharedTenant).Sum(t => t.UserGrains));

        // The dedicated silo dies: once the cluster knows, the tenant is refused, never placed on a shared silo.
        await cluster.Silos[2].KillAsync();
        var refusal = await RefusedAsync(dedicated, TestTenant.NewUserId());
        Assert.Equal(StatusCode.Unavailable, refusal.Status);
        Assert.Contains($"tenant '{Dedicated}' is served by silos dedicated to it and none of them is running", refusal.Detail);
        var read = await Assert.ThrowsAsync<ActorsApiException>(() => dedicated.GetProfileAsync(dedicatedUsers[1]));
        Assert.Equal(StatusCode.Unavailable, read.Status);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("Gouda", (await shared.GetProfileAsync(dedicatedUsers[i])).Attributes.Single().Value);
            await shared.UpsertAttributesAsync(TestTenant.NewUserId(), new Dictionary<string, string> { ["city"] = "Edam" });
        }
        Assert.DoesNotContain((await admin.ListSilosAsync()).SelectMany(s => s.Tenants), t => t.TenantId == Dedicated);

        // A new silo for the tenant serves everything acknowledged before.
        cluster.Silos.Add(await cluster.StartDedicatedSiloAsync(Dedicated));
        await Poll.UntilAsync(async () => await Serving.ReadsAsync(dedicated, dedicatedUsers[0]), timeoutSeconds: 60);
        foreach (var user in dedicatedUsers)
        {
            Assert.Equal("Delft", (await dedicated.GetProfileAsync(user)).Attributes.Single().Value);
        }
        Assert.Equal(request.RequestId, (await dedicated.GetRequestAsync(request.RequestId)).RequestId);
        var after = await admin.ListSilosAsync();
        Assert.All(after.Where(s => s.Hosts != $"tenant:{Dedicated}").SelectMany(s => s.Tenants), t => Assert.NotEqual(Dedicated, t.TenantId));
        Assert.All(after.Where(s => s.Hosts == $"tenant:{Dedicated}").SelectMany(s => s.Tenants), t => Assert.Equal(Dedicated, t.TenantId));
    }

    /// <summary>Writes until the call is refused the way a cluster that knows the silo is gone refuses it.</summary>
    private static async Task<ActorsApiException> RefusedAsync(ActorsClient client, string user)
    {
        ActorsApiException? last = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await client.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = "Leiden" });
                throw new Xunit.Sdk.XunitException("a write of the dedicated tenant was stored with its silo down");
            }
            catch (ActorsApiException e)
            {
                last = e;
                return e.Detail.Contains("dedicated", StringComparison.Ordinal);
            }
        }, timeoutSeconds: 60);
        return last!;
    }
}
