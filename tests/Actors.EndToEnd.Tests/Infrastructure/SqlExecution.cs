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
}
