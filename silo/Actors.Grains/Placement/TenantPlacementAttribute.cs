using Orleans.Placement;

namespace Actors.Grains.Placement;

/// <summary>
/// Places a tenant's grain (its key starts with the tenant id) only on silos that host the
/// tenant: its dedicated silos if it has any, else the shared silos, never another tenant's.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class TenantPlacementAttribute() : PlacementFilterAttribute(new TenantPlacementStrategy());

/// <summary>The filter's strategy: it carries no settings, the silos' metadata and the dedications decide.</summary>
public sealed class TenantPlacementStrategy() : PlacementFilterStrategy(order: 0);
