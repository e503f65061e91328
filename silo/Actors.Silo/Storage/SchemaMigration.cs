using System.Reflection;
using Actors.Silo.Cells;
using Actors.Silo.Hosting;
using Actors.Silo.Sealing;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// Applies our schema at start-up: Schema/Data/*.sql to the platform's database,
/// Schema/Keys/*.sql to the key store and Schema/Ledger/*.sql to the erasure ledger, each in order of name. Every script is idempotent; an
/// advisory lock keeps silos starting together from racing. What a script finds in place it
/// leaves without locking its table: an index is created only where the catalogue lacks its
/// name (002_migration_helpers.sql). CREATE INDEX IF NOT EXISTS locks the table before it
/// looks, so a silo starting under load would wait for every writer of the table, hold the
/// later ones back until its migration commits, and could deadlock with a transaction that
/// writes two of its tables.
/// </summary>
public sealed class SchemaMigration(NpgsqlDataSource database, KeyStoreDatabase keyStore, ErasureLedgerDatabase ledger, PlatformOptions options, ILogger<SchemaMigration> logger) : IHostedService
{
    private const long LockId = 0x4163746f7273; // "Actors"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await ApplyAsync(database, "Data", "Actors:Postgres", cancellationToken);
        await ApplyAsync(keyStore.Source, "Keys", "Actors:KeyStore", cancellationToken);
        await ApplyAsync(ledger.Source, "Ledger", "Actors:ErasureLedger", cancellationToken);
        logger.LogInformation("Schema is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ApplyAsync(NpgsqlDataSource target, string scriptSet, string setting, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Silos starting together wait here for the first one's scripts, however long they take.
        // No server-side limit either: a role's statement_timeout would cut a long index build short.
        await using (var take = new NpgsqlCommand($"SET LOCAL statement_timeout = 0; SELECT pg_advisory_xact_lock({LockId})", connection, transaction) { CommandTimeout = 0 })
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        // Before any script: a database of another region is refused before anything in it changes.
        await CellIdentity.RequireAsync(connection, transaction, setting, options.Region, cancellationToken);
        foreach (var (name, sql) in Scripts(scriptSet))
        {
            // No time limit: a script that builds an index on a large table may run for minutes,
            // and cut short it would roll back and be tried again at every start.
            await using var apply = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
            await apply.ExecuteNonQueryAsync(cancellationToken);
            logger.LogDebug("Applied schema script {Set}/{Script}", scriptSet, name);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The embedded scripts of one set ("Data", "Keys" or "Ledger"), in order of name.</summary>
    public static IEnumerable<(string Name, string Sql)> Scripts(string scriptSet)
    {
        var prefix = $"Actors.Schema.{scriptSet}.";
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (name[prefix.Length..], reader.ReadToEnd());
        }
    }
}
