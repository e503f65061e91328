using Actors.Abstractions;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Tenants;

namespace Actors.PrivacyConsole.Reading;

/// <summary>
/// What the console shows, read through the platform's own components: the tenant catalog for
/// ids, each tenant's grain for its configuration, the request directory for its requests.
/// </summary>
public sealed class ConsoleReads(ITenantCatalog catalog, IGrainFactory grains, IRequestDirectory requests, TimeProvider clock)
{
    public async Task<IReadOnlyList<TenantOverview>> TenantsAsync(string? onlyTenant, CancellationToken cancellation)
    {
        var ids = onlyTenant is null ? await catalog.ListIdsAsync(cancellation) : [onlyTenant];
        var now = clock.GetUtcNow();
        var rows = new List<TenantOverview>();
        foreach (var id in ids)
        {
            if (await FindAsync(id) is not { } state)
            {
                continue;
            }
            var overdue = await requests.ListAsync(id, Overdue(now), cancellation);
            rows.Add(new TenantOverview(id, state, state.ApiKeys.Values.Count(k => k.IsActive), overdue.Count));
        }
        return rows;
    }

    /// <summary>The tenant's configuration, or null if there is no such tenant.</summary>
    public async Task<TenantState?> FindAsync(string tenantId)
    {
        try
        {
            return await grains.GetGrain<ITenantGrain>(tenantId).GetAsync();
        }
        catch (DomainException e) when (e.Error == DomainError.NotFound)
        {
            return null;
        }
    }

    /// <summary>Overdue requests first, most overdue first; then the other open ones by deadline; then the final ones, newest first.</summary>
    public async Task<IReadOnlyList<RequestRow>> RequestsAsync(string tenantId, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        // Asked for on their own, so that no overdue request is missed past the page of recent ones.
        var overdue = await requests.ListAsync(tenantId, Overdue(now), cancellation);
        var recent = await requests.ListAsync(tenantId, new RequestQuery(null, null, null, null, null, Limits.RequestsPerPage), cancellation);
        return [.. overdue.Concat(recent).DistinctBy(r => r.RequestId)
            .Select(r => RequestRow.From(r, now))
            .OrderBy(r => r.Overdue ? 0 : r.Final ? 2 : 1)
            .ThenBy(r => r.Final ? -r.ReceivedAt.UtcTicks : r.DueAt.UtcTicks)];
    }

    private static RequestQuery Overdue(DateTimeOffset now) => new(null, null, null, now, null, Limits.RequestsPerPage);
}
