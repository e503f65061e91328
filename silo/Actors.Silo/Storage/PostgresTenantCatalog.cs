using Actors.Abstractions.Tenants;
using Actors.Grains;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// The tenant ids of a cell, read from the keys of the tenant grains' stored state: the one place
/// every created tenant is, in any kind of cell. Only the key is read, never a payload.
/// </summary>
public sealed class PostgresTenantCatalog(NpgsqlDataSource database, string serviceId) : ITenantCatalog
{
    private const string GrainPrefix = "tenant/";

    public async Task<IReadOnlyList<string>> ListIdsAsync(CancellationToken cancellation)
    {
        await using var select = database.CreateCommand(
            "SELECT substr(grain_id, $3) FROM actors_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_id LIKE 'tenant/%' ORDER BY grain_id");
        select.Parameters.Add(new() { Value = serviceId });
        select.Parameters.Add(new() { Value = StorageNames.TenantState });
        select.Parameters.Add(new() { Value = GrainPrefix.Length + 1 });
        await using var rows = await select.ExecuteReaderAsync(cancellation);
        var ids = new List<string>();
        while (await rows.ReadAsync(cancellation))
        {
            ids.Add(rows.GetString(0));
        }
        return ids;
    }
}
