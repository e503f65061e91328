using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// A transaction whose BEGIN rides in its first batch and whose COMMIT rides in its last, so it
/// costs no round trip of its own: the grain storage, the request store and the audit trail
/// hold their locks for two round trips and a flush, not four.
/// </summary>
public static class BatchedTransaction
{
    /// <summary>Runs <paramref name="transaction"/> on a connection of its own, rolled back if it fails.</summary>
    public static async Task<T> RunAsync<T>(NpgsqlDataSource database, Func<NpgsqlConnection, Task<T>> transaction)
    {
        await using var connection = await database.OpenConnectionAsync();
        try
        {
            return await transaction(connection);
        }
        catch
        {
            await RollBackAsync(connection);
            throw;
        }
    }

    /// <summary>The first batch: BEGIN, then what the caller adds.</summary>
    public static NpgsqlBatch Open(NpgsqlConnection connection) => new(connection) { BatchCommands = { new("BEGIN") } };

    /// <summary>The last round trip: what <paramref name="add"/> puts in the batch, then COMMIT.</summary>
    public static async Task CommitAsync(NpgsqlConnection connection, Action<NpgsqlBatch> add)
    {
        await using var close = new NpgsqlBatch(connection);
        add(close);
        close.BatchCommands.Add(new("COMMIT"));
        await close.ExecuteNonQueryAsync();
    }

    /// <summary>Ends a failed transaction before the connection goes back to the pool; a broken connection is discarded anyway.</summary>
    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (DatabaseFailure.Cause(e) is not null || e is InvalidOperationException)
        {
            // The connection is unusable; the server ends its transaction when the socket closes.
        }
    }
}
