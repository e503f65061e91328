namespace Actors.Api.Cells;

/// <summary>
/// Where the gateway records which region a new tenant lives in, before the tenant's cell
/// creates it: the tenant directory of a gateway of several regions. A tenant id is taken once
/// across every region; a second creation elsewhere is refused.
/// </summary>
public interface ITenantRegionRecord
{
    /// <summary>Records the tenant's region; AlreadyExists if the tenant lives in another region.</summary>
    Task RecordAsync(string tenantId, string region, CancellationToken cancellation);
}

/// <summary>A gateway of one cell: the cell is the only place a tenant can be, nothing to record.</summary>
public sealed class SingleCellTenantRegions : ITenantRegionRecord
{
    public Task RecordAsync(string tenantId, string region, CancellationToken cancellation) => Task.CompletedTask;
}
