using System.Collections.Concurrent;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Tenants;
using Microsoft.Extensions.Options;

namespace Actors.Api.Tenants;

/// <summary>
/// The gateway's short-lived copy of tenant configurations, so that authenticating a call
/// and checking its attributes does not cost a grain call each time.
/// </summary>
public sealed class TenantDirectory(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The tenant's configuration, or null if there is no such tenant.</summary>
    public async Task<TenantState?> FindAsync(string tenantId, CancellationToken cancellation)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(tenantId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Tenant;
        }
        TenantState? tenant;
        try
        {
            tenant = await grains.GetGrain<ITenantGrain>(tenantId).GetAsync().WaitAsync(cancellation);
        }
        catch (DomainException e) when (e.Error == DomainError.NotFound)
        {
            tenant = null;
        }
        catch (Exception) when (cached is not null && !cancellation.IsCancellationRequested)
        {
            // The tenant grain is unreachable for now: keep serving the last copy rather than
            // refusing every call of the tenant during an outage.
            return cached.Tenant;
        }
        // Only tenants that exist are kept, so made-up tenant ids cannot fill the cache.
        if (tenant is not null)
        {
            _entries[tenantId] = new Entry(tenant, now + options.Value.TenantCacheTtl);
        }
        return tenant;
    }

    /// <summary>The configuration of the caller's tenant, which authentication proved exists.</summary>
    public async Task<TenantState> GetAsync(string tenantId, CancellationToken cancellation) =>
        await FindAsync(tenantId, cancellation)
        ?? throw new DomainException(DomainError.NotFound, $"no tenant '{tenantId}'", "tenant_id");

    /// <summary>Drops the copy of a tenant this gateway just changed, so the change applies here at once.</summary>
    public void Invalidate(string tenantId) => _entries.TryRemove(tenantId, out _);

    private sealed record Entry(TenantState? Tenant, DateTimeOffset ExpiresAt);
}
