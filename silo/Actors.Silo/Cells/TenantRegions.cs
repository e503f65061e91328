using System.Collections.Concurrent;
using Actors.Abstractions.Errors;
using Actors.Api.Cells;
using Npgsql;

namespace Actors.Silo.Cells;

/// <summary>
/// The tenant directory of a gateway of several regions: tenant id to region, in the operator
/// database (no personal data). A tenant's region never changes, so an answer once read is kept
/// for the life of the process: an outage of the operator database stops only tenants this
/// gateway has not seen yet.
/// </summary>
public sealed class TenantRegions(NpgsqlDataSource operatorDatabase) : ITenantRegionRecord
{
    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    public async Task EnsureSchemaAsync(CancellationToken cancellation)
    {
        await using var create = operatorDatabase.CreateCommand("""
            CREATE TABLE IF NOT EXISTS actors_tenant_regions
            (
                tenant_id   text         PRIMARY KEY,
                region      text         NOT NULL,
                created_at  timestamptz  NOT NULL DEFAULT now()
            )
            """);
        await create.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The tenant's region, or null if the platform has no such tenant.</summary>
    public async Task<string?> FindAsync(string tenantId, CancellationToken cancellation)
    {
        if (_known.TryGetValue(tenantId, out var region))
        {
            return region;
        }
        await using var select = operatorDatabase.CreateCommand("SELECT region FROM actors_tenant_regions WHERE tenant_id = $1");
        select.Parameters.AddWithValue(tenantId);
        region = (string?)await select.ExecuteScalarAsync(cancellation);
        if (region is not null)
        {
            _known[tenantId] = region;
        }
        return region;
    }

    public async Task RecordAsync(string tenantId, string region, CancellationToken cancellation)
    {
        await using var batch = new NpgsqlBatch(await operatorDatabase.OpenConnectionAsync(cancellation))
        {
            BatchCommands =
            {
                new("INSERT INTO actors_tenant_regions (tenant_id, region) VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING")
                    { Parameters = { new() { Value = tenantId }, new() { Value = region } } },
                new("SELECT region FROM actors_tenant_regions WHERE tenant_id = $1") { Parameters = { new() { Value = tenantId } } },
            },
        };
        await using var connection = batch.Connection!;
        var recorded = (string)(await batch.ExecuteScalarAsync(cancellation))!;
        _known[tenantId] = recorded;
        if (recorded != region)
        {
            throw new DomainException(DomainError.AlreadyExists, $"tenant '{tenantId}' already exists, in region '{recorded}'; a tenant's region never changes", "tenant_id");
        }
    }
}
