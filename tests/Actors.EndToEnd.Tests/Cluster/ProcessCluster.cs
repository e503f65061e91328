using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;

namespace Actors.EndToEnd.Tests.Cluster;

/// <summary>
/// Several silo processes and a separate gateway process on one fresh database, as
/// `./actors cluster N` runs them, with failure detection shortened for tests: a silo that
/// stops answering is declared dead after about 2 seconds (1 s probe timeout, 2 missed probes).
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public const int ProbeTimeoutSeconds = 1;
    public const int MissedProbesLimit = 2;

    private ProcessCluster(TestDatabase database)
    {
        Database = database;
    }

    public TestDatabase Database { get; }

    public PlatformSecrets Secrets { get; } = new();

    public List<PlatformProcess> Silos { get; } = [];

    public PlatformProcess Gateway { get; private set; } = null!;

    /// <summary>Settings of every process beyond the cluster's own, e.g. a short request timer; set before starting.</summary>
    public Dictionary<string, string> ExtraSettings { get; } = [];

    /// <param name="dedicated">Tenants given a silo of their own each, started after the shared silos.</param>
    public static async Task<ProcessCluster> StartAsync(int silos, IReadOnlyDictionary<string, string>? extraSettings = null, IReadOnlyList<string>? dedicated = null)
    {
        var cluster = new ProcessCluster(await TestDatabase.CreateAsync());
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            cluster.ExtraSettings[key] = value;
        }
        try
        {
            // The first silo applies the schema alone; the others then join in parallel.
            cluster.Silos.Add(await cluster.StartSiloAsync());
            cluster.Silos.AddRange(await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => cluster.StartSiloAsync())
                .Concat((dedicated ?? []).Select(cluster.StartDedicatedSiloAsync))));
            cluster.Gateway = await PlatformProcess.StartAsync("Gateway", cluster.Settings());
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public Task<PlatformProcess> StartSiloAsync() => PlatformProcess.StartAsync("Silo", Settings());

    /// <summary>A silo that hosts <paramref name="tenantId"/>'s grains and no other tenant's, as `--dedicated` starts it.</summary>
    public Task<PlatformProcess> StartDedicatedSiloAsync(string tenantId)
    {
        var settings = Settings();
        settings["Actors:DedicatedTenant"] = tenantId;
        return PlatformProcess.StartAsync("Silo", settings);
    }

    public ActorsAdminClient Admin() => new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = Gateway.Address, ApiKey = Secrets.OperatorKey });

    /// <summary>A tenant for load: purposes "account" and "marketing", attribute "city"; returns a server key.</summary>
    public async Task<string> CreateLoadTenantAsync(string tenantId = "load")
    {
        using var admin = Admin();
        await admin.CreateTenantAsync(tenantId, "Load");
        await admin.DeclarePurposesAsync(tenantId, [new Purpose { Name = "account" }, new Purpose { Name = "marketing" }]);
        await admin.DeclareAttributesAsync(tenantId, [new AttributeDeclaration { Name = "city", Purpose = "account" }]);
        return (await admin.IssueApiKeyAsync(tenantId, ApiKeyKind.Server, "load driver")).ApiKey;
    }

    /// <summary>A client of the gateway with a tenant's key.</summary>
    public ActorsClient Client(string apiKey) =>
        new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = Gateway.Address, ApiKey = apiKey, Timeout = TimeSpan.FromSeconds(10) });

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    private Dictionary<string, string> Settings()
    {
        var settings = Secrets.SettingsFor(Database);
        settings["Actors:ProbeTimeoutSeconds"] = ProbeTimeoutSeconds.ToString();
        settings["Actors:MissedProbesLimit"] = MissedProbesLimit.ToString();
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }
        return settings;
    }
}
