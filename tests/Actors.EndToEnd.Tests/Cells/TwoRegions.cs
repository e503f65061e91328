using Actors.Client;
using Actors.EndToEnd.Tests.Cluster;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;

namespace Actors.EndToEnd.Tests.Cells;

/// <summary>
/// A platform of two regions on one machine, as `./actors cluster --region eu:1 --region us:1`
/// runs it: region eu's databases on the test command's PostgreSQL server, region us's on its
/// second server, a silo in each, and one gateway holding both cells, its tenant directory in
/// an operator database of its own.
/// </summary>
public sealed class TwoRegions : IAsyncDisposable
{
    private TwoRegions(TestDatabase eu, TestDatabase us, TestDatabase operatorDatabase)
    {
        (Eu, Us, Operator) = (eu, us, operatorDatabase);
    }

    public TestDatabase Eu { get; }

    public TestDatabase Us { get; }

    public TestDatabase Operator { get; }

    public PlatformSecrets Secrets { get; } = new();

    public PlatformProcess EuSilo { get; private set; } = null!;

    public PlatformProcess UsSilo { get; set; } = null!;

    public PlatformProcess Gateway { get; private set; } = null!;

    public static async Task<TwoRegions> StartAsync()
    {
        var regions = new TwoRegions(await TestDatabase.CreateAsync(), await TestDatabase.CreateOnSecondServerAsync(), await TestDatabase.CreateAsync());
        try
        {
            var silos = await Task.WhenAll(regions.StartSiloAsync("eu"), regions.StartSiloAsync("us"));
            (regions.EuSilo, regions.UsSilo) = (silos[0], silos[1]);
            var gateway = new Dictionary<string, string>(TestTls.Settings())
            {
                ["Actors:Gateway:OperatorKey"] = regions.Secrets.OperatorKey,
                ["Actors:MasterKey"] = regions.Secrets.MasterKey,
                ["Actors:Operator"] = regions.Operator.ConnectionString,
                ["Actors:Cells:eu:Postgres"] = regions.Eu.ConnectionString,
                ["Actors:Cells:eu:ClusterId"] = regions.Eu.Name,
                ["Actors:Cells:us:Postgres"] = regions.Us.ConnectionString,
                ["Actors:Cells:us:ClusterId"] = regions.Us.Name,
            };
            regions.Gateway = await PlatformProcess.StartAsync("Gateway", gateway);
            return regions;
        }
        catch
        {
            await regions.DisposeAsync();
            throw;
        }
    }

    /// <summary>A silo of the region, on that region's databases only; in the place of <paramref name="replacing"/> if given.</summary>
    /// <remarks>
    /// On the same ports as the silo it replaces, so that it supersedes it at once: in a cell of
    /// one silo no other silo is left to declare the lost one dead.
    /// </remarks>
    public Task<PlatformProcess> StartSiloAsync(string region, PlatformProcess? replacing = null)
    {
        var settings = Secrets.SettingsFor(region == "eu" ? Eu : Us);
        settings["Actors:Region"] = region;
        settings["Actors:ProbeTimeoutSeconds"] = ProcessCluster.ProbeTimeoutSeconds.ToString();
        settings["Actors:MissedProbesLimit"] = ProcessCluster.MissedProbesLimit.ToString();
        if (replacing is not null)
        {
            (settings["Actors:SiloPort"], settings["Actors:OrleansGatewayPort"]) = replacing.OrleansPorts;
        }
        return PlatformProcess.StartAsync("Silo", settings);
    }

    /// <param name="region">The region of the operator's calls that name no tenant (x-actors-region).</param>
    public ActorsAdminClient Admin(string? region = null) =>
        new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = Gateway.Address, ApiKey = Secrets.OperatorKey, Region = region });

    /// <summary>Creates a tenant in the region with one attribute ("city") and returns a client with its server key.</summary>
    public async Task<ActorsClient> CreateTenantAsync(string tenantId, string region)
    {
        using var admin = Admin();
        Assert.Equal(region, (await admin.CreateTenantAsync(tenantId, "Tenant", region: region)).Region);
        await admin.DeclarePurposesAsync(tenantId, [new Purpose { Name = "account" }, new Purpose { Name = "marketing" }]);
        await admin.DeclareAttributesAsync(tenantId, [new AttributeDeclaration { Name = "city", Purpose = "account" }]);
        var key = (await admin.IssueApiKeyAsync(tenantId, ApiKeyKind.Server, "backend")).ApiKey;
        return new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = Gateway.Address, ApiKey = key, Timeout = TimeSpan.FromSeconds(10) });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { Gateway, EuSilo, UsSilo })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }
        foreach (var database in new[] { Eu, Us, Operator })
        {
            await database.DisposeAsync();
        }
    }
}
