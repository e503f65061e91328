using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A digest of everything stored, to prove a refused request changed nothing. Membership
/// tables are left out: silos write their heartbeats there all the time.
/// </summary>
public static class DatabaseDigest
{
    public static async Task<string> ComputeAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var tables = await TablesAsync(connection);
        Assert.NotEmpty(tables);
        var digests = new List<string>();
        foreach (var table in tables)
        {
            await using var digest = new NpgsqlCommand($"SELECT '{table}:' || count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t", connection);
            digests.Add((string)(await digest.ExecuteScalarAsync())!);
        }
        return string.Join("\n", digests);
    }

    /// <summary>
    /// Every stored row by identity (grain state rows by id, others by content) with a hash of
    /// its content, to show that rows which existed before are still there, unchanged.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> RowsAsync(TestDatabase database, string exceptKeysStartingWith)
    {
        await using var connection = await database.OpenAsync();
        var rows = new Dictionary<string, string>();
        foreach (var table in await TablesAsync(connection))
        {
            // A grain's key is its id after the grain type: "user/{tenant}/...", "tenant/{tenant}". Rows of
            // other tables that name a tenant (the audit chain's head moves with each entry) are the tenant's.
            var (identity, filter) = table == "actors_grain_state"
                ? ("t.grain_id || ':' || t.state_name", "WHERE substring(t.grain_id from position('/' in t.grain_id) + 1) NOT LIKE @prefix || '%'")
                : ("md5(t::text)", await HasTenantColumnAsync(connection, table) ? "WHERE t.tenant_id NOT LIKE @prefix || '%'" : "");
            await using var read = new NpgsqlCommand($"SELECT {identity}, md5(t::text) FROM \"{table}\" t {filter}", connection);
            read.Parameters.AddWithValue("prefix", exceptKeysStartingWith);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows[$"{table}:{reader.GetString(0)}"] = reader.GetString(1);
            }
        }
        return rows;
    }

    private static async Task<bool> HasTenantColumnAsync(NpgsqlConnection connection, string table)
    {
        await using var find = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = @table AND column_name = 'tenant_id'", connection);
        find.Parameters.AddWithValue("table", table);
        return (long)(await find.ExecuteScalarAsync())! > 0;
    }

    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection)
    {
        var tables = new List<string>();
        await using var list = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%membership%' ORDER BY table_name",
            connection);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }
}
