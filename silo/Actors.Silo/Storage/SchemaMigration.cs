using System.Reflection;
using Npgsql;

namespace Actors.Silo.Storage;

/// <summary>
/// Applies our schema (Schema/*.sql, embedded in order of name) at start-up. Every script is
/// idempotent; an advisory lock keeps silos starting together from racing.
/// </summary>
public sealed class SchemaMigration(NpgsqlDataSource database, ILogger<SchemaMigration> logger) : IHostedService
{
    private const string ResourcePrefix = "Actors.Schema.";
    private const long LockId = 0x4163746f7273; // "Actors"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockId})", connection, transaction))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var (name, sql) in Scripts())
        {
            await using var apply = new NpgsqlCommand(sql, connection, transaction);
            await apply.ExecuteNonQueryAsync(cancellationToken);
            logger.LogDebug("Applied schema script {Script}", name);
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Schema is up to date");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The embedded scripts, in order of name.</summary>
    public static IEnumerable<(string Name, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (name[ResourcePrefix.Length..], reader.ReadToEnd());
        }
    }
}
