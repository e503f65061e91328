using Actors.Silo.Hosting;
using Actors.Silo.Sealing;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// The process's pools of PostgreSQL connections: one for the data, shared by every Orleans
/// provider, one for the key store, one for the erasure ledger.
/// </summary>
public static class PostgresDataSource
{
    private const int KeepAliveSeconds = 5;

    /// <summary>
    /// Statements a connection keeps prepared once used five times, unless the connection string
    /// says otherwise ("Max Auto Prepare=0" turns it off, as behind a pooler in transaction mode):
    /// about twice the platform's and Orleans' distinct statements, so that the hot ones stay.
    /// A prepared statement is parsed once and, where PostgreSQL finds a generic plan as good,
    /// planned once: that halved PostgreSQL's CPU per durable write (docs/benchmarks.md, run M).
    /// Queries whose plan depends on their parameters are planned per call (<see cref="PlannedPerCall"/>).
    /// </summary>
    private const int PreparedStatementsPerConnection = 128;

    public static NpgsqlDataSource ForData(PlatformOptions options) =>
        Create(options.Postgres, nameof(PlatformOptions.Postgres), options.MaxDatabaseConnections, options.Role);

    /// <summary>The operator database of a gateway of several regions: its tenant directory.</summary>
    public static NpgsqlDataSource ForOperator(PlatformOptions options) =>
        Create(options.Operator, nameof(PlatformOptions.Operator), 5, options.Role);

    public static KeyStoreDatabase ForKeyStore(PlatformOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.KeyStore) && !string.IsNullOrWhiteSpace(options.Postgres) && SameDatabase(options.KeyStore, options.Postgres))
        {
            // Keys beside the data would be in every dump of the data: crypto-shredding would not hold.
            throw new InvalidOperationException($"{PlatformOptions.Section}:KeyStore must name another database than {PlatformOptions.Section}:Postgres");
        }
        return new(Create(options.KeyStore, nameof(PlatformOptions.KeyStore), options.MaxKeyStoreConnections, options.Role));
    }

    public static ErasureLedgerDatabase ForErasureLedger(PlatformOptions options)
    {
        foreach (var (other, name) in new[] { (options.Postgres, nameof(PlatformOptions.Postgres)), (options.KeyStore, nameof(PlatformOptions.KeyStore)) })
        {
            if (!string.IsNullOrWhiteSpace(options.ErasureLedger) && !string.IsNullOrWhiteSpace(other) && SameDatabase(options.ErasureLedger, other))
            {
                // The ledger must survive a restore of either: it cannot live inside one.
                throw new InvalidOperationException($"{PlatformOptions.Section}:ErasureLedger must name another database than {PlatformOptions.Section}:{name}");
            }
        }
        return new(Create(options.ErasureLedger, nameof(PlatformOptions.ErasureLedger), 2, options.Role));
    }

    private static bool SameDatabase(string first, string second)
    {
        var (a, b) = (new NpgsqlConnectionStringBuilder(first), new NpgsqlConnectionStringBuilder(second));
        return string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Database == b.Database;
    }

    /// <summary>Whether the connection string names the setting ("Max Auto Prepare", in any spelling Npgsql reads).</summary>
    private static bool SetsAutoPreparation(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));

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
            // Idle pooled connections are pinged, so that after a database restart the broken ones
            // leave the pool within seconds instead of failing the next call that takes one (a
            // process with little database work, such as a separate gateway, would otherwise
            // fail its first calls after the restart however long ago it was).
            KeepAlive = KeepAliveSeconds,
        };
        if (!SetsAutoPreparation(connectionString))
        {
            connection.MaxAutoPrepare = PreparedStatementsPerConnection;
        }
        return NpgsqlDataSource.Create(connection.ConnectionString);
    }
}
