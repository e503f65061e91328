using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;
using Xunit.Abstractions;

namespace Actors.EndToEnd.Tests.Cells;

/// <summary>
/// Two regions, each its own cluster on its own PostgreSQL server, behind one gateway: a
/// tenant's data is only ever in its region's servers, a region down stops its tenants only,
/// and when it is back nothing acknowledged is missing.
/// </summary>
public sealed class RegionsTests(ITestOutputHelper output)
{
    private const int Users = 10;

    [Fact]
    public async Task Each_regions_servers_hold_only_its_own_tenants_and_a_region_down_stops_only_its_own()
    {
        await using var regions = await TwoRegions.StartAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (euTenant, usTenant) = ($"eu-tenant-{suffix}", $"us-tenant-{suffix}");
        using var eu = await regions.CreateTenantAsync(euTenant, "eu");
        using var us = await regions.CreateTenantAsync(usTenant, "us");
        var (euMarker, usMarker) = ($"EuCity{suffix}", $"UsCity{suffix}");
        var users = Enumerable.Range(0, Users).Select(_ => TestTenant.NewUserId()).ToList();
        foreach (var (client, marker) in new[] { (eu, euMarker), (us, usMarker) })
        {
            foreach (var user in users)
            {
                await client.UpsertAttributesAsync(user, new Dictionary<string, string> { ["city"] = marker });
                await client.GrantConsentAsync(user, "marketing", LawfulBasis.Consent, "signup form", "v1");
            }
            await client.SendEventsAsync(users.Select(u => TestEvents.At(u, "page_viewed", DateTimeOffset.UtcNow)));
            await client.ForgetAsync(users[^1]);
        }

        foreach (var (home, away, tenant, marker) in new[] { (regions.Eu, regions.Us, euTenant, euMarker), (regions.Us, regions.Eu, usTenant, usMarker) })
        {
            Assert.NotEmpty(await DatabaseSearch.FindAsync(home, tenant));
            Assert.NotEmpty(await DatabaseSearch.FindAsync(home, marker, regions.Secrets));
            var leaked = (await DatabaseSearch.FindAsync(away, tenant)).Concat(await DatabaseSearch.FindAsync(away, marker, regions.Secrets)).ToList();
            Assert.True(leaked.Count == 0, $"{tenant}'s data in the other region's servers: {string.Join(", ", leaked)}");
        }

        // A tenant id is taken once across regions, a region is one the platform has, and one must be named.
        using (var admin = regions.Admin())
        {
            var moved = await Expect.RefusedAsync(StatusCode.AlreadyExists, () => admin.CreateTenantAsync(euTenant, "Moved", region: "us"));
            Assert.Contains($"already exists, in region 'eu'; a tenant's region never changes", moved.Detail);
            var unknown = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.CreateTenantAsync($"nowhere-{suffix}", "Nowhere", region: "mars"));
            Assert.Contains("which is not a region of this platform; it has: eu, us", unknown.Detail);
            var unnamed = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.CreateTenantAsync($"nowhere-{suffix}", "Nowhere"));
            Assert.Contains("is required: this platform has the regions eu, us", unnamed.Detail);
            await Expect.RefusedAsync(StatusCode.NotFound, () => admin.GetTenantAsync($"nowhere-{suffix}"));
            Assert.Equal("eu", (await admin.GetTenantAsync(euTenant)).Region);
        }
        Assert.DoesNotContain(await DatabaseSearch.FindAsync(regions.Us, euTenant), _ => true);

        // An operator's call that names no tenant names its region; one that names a tenant reaches the tenant's region whatever the client is set to.
        using (var admin = regions.Admin())
        {
            var unnamed = await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => admin.ListSilosAsync());
            Assert.Contains("this gateway serves the regions eu, us: name the one this call addresses in the x-actors-region header", unnamed.Detail);
        }
        using (var euAdmin = regions.Admin(region: "eu"))
        {
            Assert.Equal("us", (await euAdmin.GetTenantAsync(usTenant)).Region);
            var euSilo = Assert.Single(await euAdmin.ListSilosAsync());
            Assert.Contains(euSilo.Tenants, t => t.TenantId == euTenant);
            Assert.DoesNotContain(euSilo.Tenants, t => t.TenantId == usTenant);
        }

        // Region us goes down, its servers and its silo: eu carries on; us's tenant is told its region is unavailable.
        await regions.UsSilo.KillAsync();
        await PostgresServer.StopSecondAsync();
        try
        {
            var refusal = await RefusedAsync(us, users[0]);
            output.WriteLine($"us down: {refusal.Status}: {refusal.Detail}");
            Assert.Equal(StatusCode.Unavailable, refusal.Status);
            Assert.Contains("region 'us'", refusal.Detail);
            foreach (var user in users.Take(5))
            {
                Assert.Equal(euMarker, (await eu.GetProfileAsync(user)).Attributes.Single().Value);
                await eu.UpsertAttributesAsync(TestTenant.NewUserId(), new Dictionary<string, string> { ["city"] = euMarker });
            }
        }
        finally
        {
            await PostgresServer.StartSecondAsync();
        }

        var lost = regions.UsSilo;
        regions.UsSilo = await regions.StartSiloAsync("us", replacing: lost);
        await lost.DisposeAsync();
        await Poll.UntilAsync(async () => await Serving.ReadsAsync(us, users[0]), timeoutSeconds: 90);
        foreach (var user in users.SkipLast(1))
        {
            Assert.Equal(usMarker, (await us.GetProfileAsync(user)).Attributes.Single().Value);
        }
    }

    /// <summary>Reads until the call is refused the way a gateway that knows the region is down refuses it.</summary>
    private static async Task<ActorsApiException> RefusedAsync(ActorsClient client, string user)
    {
        ActorsApiException? last = null;
        await Poll.UntilAsync(async () =>
        {
            try
            {
                await client.GetProfileAsync(user);
                return false;
            }
            catch (ActorsApiException e)
            {
                last = e;
                return e.Status == StatusCode.Unavailable && e.Detail.Contains("region 'us'", StringComparison.Ordinal);
            }
        }, timeoutSeconds: 90);
        return last!;
    }
}
