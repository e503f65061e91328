using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Looks for a value in every column of every table of the platform's databases (the data, the
/// key store and the erasure ledger), text and binary alike, the way an auditor with SQL access
/// would; given the platform's secrets, also in every sealed row that still opens, the way an
/// operator holding the master key would.
/// </summary>
public static class DatabaseSearch
{
    /// <summary>The "table.column" places that hold <paramref name="marker"/>, in clear or, with <paramref name="withKeys"/>, sealed.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(TestDatabase database, string marker, PlatformSecrets? withKeys = null)
    {
        await using var data = await database.OpenAsync();
        await using var keys = await database.OpenKeyStoreAsync();
        await using var ledger = await database.OpenLedgerAsync();
        List<string> hits = [.. await FindAsync(data, marker), .. await FindAsync(keys, marker), .. await FindAsync(ledger, marker)];
        if (withKeys is not null)
        {
            var opened = await SealedRows.OpenAsync(database, withKeys, await SealedRows.DumpAsync(database));
            hits.AddRange(opened.Where(o => o.Plaintext.Contains(marker, StringComparison.Ordinal)).Select(o => $"{o.Row.Place} (sealed)").Distinct());
        }
        return hits;
    }

    private static async Task<IReadOnlyList<string>> FindAsync(NpgsqlConnection connection, string marker)
    {
        var columns = new List<(string Table, string Column, string Type)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        var hits = new List<string>();
        foreach (var (table, column, type) in columns)
        {
            var predicate = type == "bytea"
                ? $"position(convert_to(@marker, 'UTF8') in \"{column}\") > 0"
                : $"\"{column}\"::text LIKE '%' || @marker || '%'";
            await using var search = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" WHERE {predicate}", connection);
            search.Parameters.AddWithValue("marker", marker);
            if ((long)(await search.ExecuteScalarAsync())! > 0)
            {
                hits.Add($"{table}.{column}");
            }
        }
        return hits;
    }
}
