using Actors.Silo.Hosting;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>The process's pools of PostgreSQL connections: one for the data, shared by every Orleans provider, one for the key store.</summary>
public static class PostgresDataSource
{
    public static NpgsqlDataSource ForData(PlatformOptions options) =>
        Create(options.Postgres, nameof(PlatformOptions.Postgres), options.MaxDatabaseConnections, options.Role);

    public static KeyStoreDatabase ForKeyStore(PlatformOptions options) =>
        new(Create(options.KeyStore, nameof(PlatformOptions.KeyStore), options.MaxKeyStoreConnections, options.Role));

    private static NpgsqlDataSource Create(string connectionString, string setting, int maxConnections, PlatformRole role)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"{PlatformOptions.Section}:{setting} must be set to an Npgsql connection string");
        }
        var connection = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = maxConnections,
            ApplicationName = $"actors-{role.ToString().ToLowerInvariant()}",
        };
        return NpgsqlDataSource.Create(connection.ConnectionString);
    }
}
