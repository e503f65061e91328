using Actors.Abstractions.Security;
using Actors.Api.Users;
using Actors.Grains.Keys;
using Actors.Grains.RawEvents;
using Actors.Silo.Sealing;
using Actors.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What an operator with SQL access and the master key sees of raw events: the rows of the
/// data database, and the keys the key store still holds.
/// </summary>
public sealed class RawEventStore(TestDatabase database, PlatformSecrets secrets) : IAsyncDisposable
{
    private readonly MasterKey _masterKey = MasterKey.Parse(secrets.MasterKey);
    private readonly NpgsqlDataSource _keyStore = NpgsqlDataSource.Create(database.KeyStoreConnectionString);
    private readonly NpgsqlDataSource _ledger = NpgsqlDataSource.Create(database.LedgerConnectionString);

    public string ReferenceOf(string tenantId, string userId) => new UserReferences(_masterKey).For(tenantId, userId);

    /// <summary>A copy of every row of the events table, as a dump of the data database would hold.</summary>
    public async Task<IReadOnlyList<SealedEvent>> DumpAsync()
    {
        await using var connection = await database.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT tenant_id, user_reference, occurred_at, received_at, key_id, nonce, payload FROM actors_raw_events", connection);
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<SealedEvent>();
        while (await reader.ReadAsync())
        {
            rows.Add(new SealedEvent(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetGuid(4), (byte[])reader[5], (byte[])reader[6]));
        }
        return rows;
    }

    public async Task<long> RowsOfAsync(string tenantId, string userId)
    {
        await using var connection = await database.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM actors_raw_events WHERE tenant_id = $1 AND user_reference = $2", connection);
        count.Parameters.Add(new() { Value = tenantId });
        count.Parameters.Add(new() { Value = ReferenceOf(tenantId, userId) });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    public async Task<bool> HasKeyAsync(string tenantId, string userId) =>
        await KeyStore().FindAsync(tenantId, ReferenceOf(tenantId, userId)) is not null;

    /// <summary>Every key the key store holds now, unwrapped with the master key.</summary>
    public async Task<IReadOnlyList<UserDataKey>> KeysLeftAsync()
    {
        var owners = new List<(string Tenant, string Reference)>();
        await using (var connection = await database.OpenKeyStoreAsync())
        await using (var select = new NpgsqlCommand("SELECT tenant_id, user_reference FROM actors_user_data_keys", connection))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                owners.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var keys = new List<UserDataKey>();
        foreach (var (tenant, reference) in owners)
        {
            keys.Add((await KeyStore().FindAsync(tenant, reference))!);
        }
        return keys;
    }

    /// <summary>The rows of <paramref name="dump"/> that open with any of <paramref name="keys"/>.</summary>
    public static IReadOnlyList<Abstractions.Users.RawEvent> Decrypt(IEnumerable<SealedEvent> dump, IReadOnlyList<UserDataKey> keys)
    {
        var opened = new List<Abstractions.Users.RawEvent>();
        foreach (var row in dump)
        {
            foreach (var key in keys)
            {
                try
                {
                    opened.Add(EventSealing.Open(row, key));
                    break;
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                }
            }
        }
        return opened;
    }

    public async ValueTask DisposeAsync()
    {
        await _keyStore.DisposeAsync();
        await _ledger.DisposeAsync();
    }

    /// <summary>The platform's own key store code, reading what the key store holds now.</summary>
    public PostgresUserDataKeys KeyStore() => new(new KeyStoreDatabase(_keyStore), Ledger(), _masterKey, TimeProvider.System, NullLogger<PostgresUserDataKeys>.Instance);

    public ErasureLedger Ledger() => new(new ErasureLedgerDatabase(_ledger), NullLogger<ErasureLedger>.Instance);
}
