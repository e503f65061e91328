using System.Collections.Immutable;

namespace Actors.Abstractions.Placement;

/// <summary>Reports where the cell's tenant grains are active; for operators (the Cluster service).</summary>
public interface IPlacementReportGrain : IGrainWithIntegerKey
{
    /// <summary>Every active silo with whose grains it hosts and the activations of each tenant on it.</summary>
    Task<ImmutableArray<SiloPlacement>> ReportAsync();
}

/// <summary>One silo: its address, whose grains it hosts ("shared" or "tenant:ID"), and the tenants active on it.</summary>
[GenerateSerializer, Immutable]
public sealed record SiloPlacement([property: Id(0)] string Address, [property: Id(1)] string Hosts, [property: Id(2)] ImmutableArray<TenantActivations> Tenants);

/// <summary>How many of one tenant's grains of each kind are active on one silo.</summary>
[GenerateSerializer, Immutable]
public sealed record TenantActivations([property: Id(0)] string TenantId, [property: Id(1)] int UserGrains, [property: Id(2)] int RequestGrains, [property: Id(3)] int TenantGrains);
