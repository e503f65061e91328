using Actors.Silo.Hosting.Startup;
using Npgsql;

namespace Actors.Silo.Cells;

/// <summary>
/// Each database of a cell (data, key store, erasure ledger) records the region it belongs to,
/// written by the first process that opens it. A process configured for another region refuses
/// to start: a silo never reads or writes another region's databases, whatever its settings say.
/// </summary>
public static class CellIdentity
{
    /// <summary>Records the region in a database that has none yet, and refuses one of another region.</summary>
    public static async Task RequireAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string setting, string region, CancellationToken cancellation)
    {
        await using var stamp = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("""
                    CREATE TABLE IF NOT EXISTS actors_cell
                    (
                        only_row    boolean      PRIMARY KEY DEFAULT true CHECK (only_row),
                        region      text         NOT NULL,
                        stamped_at  timestamptz  NOT NULL DEFAULT now()
                    )
                    """),
                new("INSERT INTO actors_cell (region) VALUES ($1) ON CONFLICT (only_row) DO NOTHING") { Parameters = { new() { Value = region } } },
                new("SELECT region FROM actors_cell"),
            },
        };
        var recorded = (string)(await stamp.ExecuteScalarAsync(cancellation))!;
        if (recorded != region)
        {
            if (transaction is not null)
            {
                await transaction.RollbackAsync(cancellation);
            }
            throw Refusal(connection, setting, recorded, region);
        }
    }

    /// <summary>
    /// The check of a process that applies no schema (a separate gateway): it reads its cell's
    /// stamp and never writes it, so only silos (under the schema lock) create it.
    /// </summary>
    public static async Task RequireAsync(NpgsqlDataSource database, string setting, string region, CancellationToken cancellation)
    {
        await using var connection = await database.OpenConnectionAsync(cancellation);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('actors_cell') IS NOT NULL", connection))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellation))!)
            {
                return; // No silo of the cell has started yet: they stamp it.
            }
        }
        await using var read = new NpgsqlCommand("SELECT region FROM actors_cell", connection);
        if (await read.ExecuteScalarAsync(cancellation) is string recorded && recorded != region)
        {
            throw Refusal(connection, setting, recorded, region);
        }
    }

    private static StartupFailure Refusal(NpgsqlConnection connection, string setting, string recorded, string region)
    {
        var target = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        return new StartupFailure(
            $"{setting} names database \"{target.Database}\" on {target.Host}:{target.Port}, which belongs to region '{recorded}', and this process is in region '{region}' (Actors:Region): " +
            $"a process reaches its own region's databases only; point {setting} at a database of region '{region}', or set Actors:Region={recorded} if the process belongs there");
    }
}
