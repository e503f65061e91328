using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Runs a test's own SQL (set-up, a script) on a connection it holds.</summary>
public static class SqlExecution
{
    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The data schema's scripts, in one transaction, as a silo applies them at its start.</summary>
    public static async Task ApplyDataSchemaAsync(this NpgsqlConnection connection)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (_, sql) in Actors.Silo.Storage.SchemaMigration.Scripts("Data"))
        {
            await connection.ExecuteAsync(sql);
        }
        await transaction.CommitAsync();
    }
}
