using Actors.Abstractions.Security;
using Actors.Silo.Hosting;
using Actors.Silo.Hosting.Startup;
using Actors.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Actors.Silo.Sealing;

/// <summary>
/// <c>Actors.Silo sweep-erasures</c>: replays the erasure ledger (Actors:ErasureLedger) over the
/// data database (Actors:Postgres) and the key store (Actors:KeyStore) with no platform
/// running; <c>./actors restore</c> runs it before the restored database is used. Exits 0 when
/// done, 2 on a settings or connection error.
/// </summary>
public static class ErasureSweepCommand
{
    public const string Name = "sweep-erasures";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = StartupSettings.Configuration(args);
        try
        {
            var options = settings.GetSection(PlatformOptions.Section).Get<PlatformOptions>() ?? new PlatformOptions();
            await using var data = PostgresDataSource.ForData(options);
            var keyStore = PostgresDataSource.ForKeyStore(options);
            var ledgerDatabase = PostgresDataSource.ForErasureLedger(options);
            await using var keySource = keyStore.Source;
            await using var ledgerSource = ledgerDatabase.Source;
            var ledger = new ErasureLedger(ledgerDatabase, NullLogger<ErasureLedger>.Instance);
            var keys = new PostgresUserDataKeys(keyStore, ledger, MasterKey.Parse(options.MasterKey), TimeProvider.System, NullLogger<PostgresUserDataKeys>.Instance);
            var outcome = await new ErasureSweep(data, ledger, keys, NullLogger<ErasureSweep>.Instance)
                .RunAsync(done => Console.Error.WriteLine($"{Name}: {done} erasures replayed so far"));
            Console.WriteLine(
                $"erasure ledger replayed: {outcome.ErasuresReplayed} erasures, {outcome.KeysDestroyedAgain} keys destroyed again, " +
                $"{outcome.StatesShredded} user states made erased, {outcome.RawEventsDeleted} raw events and {outcome.ExportsDeleted} exports deleted, " +
                $"{outcome.SubjectsDropped} request subjects dropped");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or Npgsql.NpgsqlException or Abstractions.Errors.DomainException)
        {
            Console.Error.WriteLine($"{Name}: {e.Message}");
            return 2;
        }
    }
}
