using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A database of its own for one fixture, and a key store and an erasure ledger database beside
/// it, on the PostgreSQL server the test command started.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _adminConnection;

    private TestDatabase(string adminConnection, string name)
    {
        _adminConnection = adminConnection;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = name }.ConnectionString;
        KeyStoreConnectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = KeyStoreName }.ConnectionString;
        LedgerConnectionString = new NpgsqlConnectionStringBuilder(adminConnection) { Database = LedgerName }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public string KeyStoreName => Name + "_keys";

    /// <summary>The key store: the users' wrapped data keys, apart from the data.</summary>
    public string KeyStoreConnectionString { get; }

    public string LedgerName => Name + "_ledger";

    /// <summary>The erasure ledger: the destroyed keys, apart from both.</summary>
    public string LedgerConnectionString { get; }

    public static Task<TestDatabase> CreateAsync() => CreateOnAsync("ACTORS_TEST_POSTGRES");

    /// <summary>The databases on the second PostgreSQL server the test command starts (a second region's).</summary>
    public static Task<TestDatabase> CreateOnSecondServerAsync() => CreateOnAsync("ACTORS_TEST_POSTGRES_SECOND");

    private static async Task<TestDatabase> CreateOnAsync(string variable)
    {
        var admin = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{variable} is not set: run the tests with ./actors test, which starts PostgreSQL and sets it");
        }
        var database = new TestDatabase(admin, $"actors_test_{Guid.NewGuid():N}"[..30]);
        await database.ExecuteAdminAsync($"CREATE DATABASE \"{database.Name}\"");
        await database.ExecuteAdminAsync($"CREATE DATABASE \"{database.KeyStoreName}\"");
        await database.ExecuteAdminAsync($"CREATE DATABASE \"{database.LedgerName}\"");
        return database;
    }

    /// <summary>A database with the data schema applied, for tests of a store without a platform.</summary>
    public static async Task<TestDatabase> CreateWithDataSchemaAsync()
    {
        var database = await CreateAsync();
        await using var connection = await database.OpenAsync();
        await connection.ApplyDataSchemaAsync();
        return database;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<NpgsqlConnection> OpenKeyStoreAsync()
    {
        var connection = new NpgsqlConnection(KeyStoreConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<NpgsqlConnection> OpenLedgerAsync()
    {
        var connection = new NpgsqlConnection(LedgerConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{KeyStoreName}\" WITH (FORCE)");
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{LedgerName}\" WITH (FORCE)");
    }

    /// <summary>The connection string of another database on the same server (a restored copy, say).</summary>
    public string ConnectionStringOf(string database) => new NpgsqlConnectionStringBuilder(_adminConnection) { Database = database }.ConnectionString;

    /// <summary>The databases on the server whose names start with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> DatabasesStartingWithAsync(string prefix)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringOf("postgres"));
        await connection.OpenAsync();
        await using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname", connection);
        list.Parameters.Add(new() { Value = prefix });
        var names = new List<string>();
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    public Task DropAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        return ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminConnection) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
