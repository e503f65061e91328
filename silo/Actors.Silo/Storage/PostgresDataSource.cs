using Actors.Silo.Hosting;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>The process's one pool of PostgreSQL connections, shared by every Orleans provider.</summary>
public static class PostgresDataSource
{
    public static NpgsqlDataSource Create(PlatformOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Postgres))
        {
            throw new InvalidOperationException($"{PlatformOptions.Section}:Postgres must be set to an Npgsql connection string");
        }
        var connection = new NpgsqlConnectionStringBuilder(options.Postgres)
        {
            MaxPoolSize = options.MaxDatabaseConnections,
            ApplicationName = $"actors-{options.Role.ToString().ToLowerInvariant()}",
        };
        return NpgsqlDataSource.Create(connection.ConnectionString);
    }
}
