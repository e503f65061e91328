using Actors.Abstractions;
using Actors.Grains.Placement;
using Actors.Silo.Hosting;
using Actors.Silo.Hosting.Startup;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Actors.Silo.Placement;

/// <summary>
/// Dedicated silos: a silo's metadata names whose grains it hosts, and the tenant placement
/// filter keeps every tenant's grains on the silos that host it.
/// </summary>
public static class PlacementSetup
{
    /// <summary>Refuses a dedication this process cannot honour; every role asks it.</summary>
    public static void CheckDedication(PlatformOptions options)
    {
        if (options.DedicatedTenant.Length > 0 && !Identifiers.IsTenantId(options.DedicatedTenant))
        {
            throw new StartupFailure($"Actors:DedicatedTenant is not a tenant id ([a-z][a-z0-9-]{{0,62}}): set it to the id of the tenant this silo hosts alone, or leave it empty for a shared silo");
        }
        if (options.DedicatedTenant.Length > 0 && options.Role != PlatformRole.Silo)
        {
            throw new StartupFailure($"Actors:DedicatedTenant applies to a silo only (Actors:Role=Silo), with shared silos and a gateway beside it; this process's role is {options.Role}");
        }
    }

    /// <summary>Registers what must run before the silo joins: the dedications, read from the database.</summary>
    public static IServiceCollection AddTenantDedications(this IServiceCollection services)
    {
        services.AddSingleton<TenantDedications>();
        services.AddHostedService<DedicationRecord>();
        return services;
    }

    public static ISiloBuilder UseTenantPlacement(this ISiloBuilder silo, PlatformOptions options)
    {
        silo.UseSiloMetadata(new Dictionary<string, string>(SiloHosting.Metadata(options.DedicatedTenant)));
        silo.Services.AddSingleton<SiloHostings>();
        silo.Services.AddPlacementFilter<TenantPlacementStrategy, TenantPlacementDirector>(ServiceLifetime.Transient);
        return silo;
    }
}
