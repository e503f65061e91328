using Actors.Grains.Keys;
using Actors.Silo.Storage;
using Npgsql;

namespace Actors.Silo.Sealing;

/// <summary>
/// The erasure ledger on PostgreSQL (<c>actors_erasure_ledger</c>): written before a data key
/// is destroyed, read when a sealed row's key is missing and by the sweep after a restore.
/// </summary>
public sealed class ErasureLedger(ErasureLedgerDatabase ledger, ILogger<ErasureLedger> logger)
{
    private const string Columns = "key_id, tenant_id, user_reference, kind, erased_at";

    /// <summary>Records that <paramref name="keyId"/> is being destroyed; recording it again changes nothing.</summary>
    public Task RecordAsync(ErasureLedgerEntry entry) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            await using var insert = ledger.Source.CreateCommand(
                $"INSERT INTO actors_erasure_ledger ({Columns}) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_id) DO NOTHING");
            insert.Parameters.Add(new() { Value = entry.KeyId });
            insert.Parameters.Add(new() { Value = entry.TenantId });
            insert.Parameters.Add(new() { Value = entry.UserReference });
            insert.Parameters.Add(new() { Value = Name(entry.Kind) });
            insert.Parameters.Add(new() { Value = entry.ErasedAt.ToUniversalTime() });
            await insert.ExecuteNonQueryAsync();
            return true;
        }, "record the erasure in the erasure ledger", logger);

    /// <summary>The erasure that destroyed <paramref name="keyId"/>, or null if none did.</summary>
    public Task<ErasureLedgerEntry?> FindAsync(Guid keyId) =>
        DatabaseFailure.TranslateAsync<ErasureLedgerEntry?>(async () =>
        {
            await using var select = ledger.Source.CreateCommand($"SELECT {Columns} FROM actors_erasure_ledger WHERE key_id = $1");
            select.Parameters.Add(new() { Value = keyId });
            await using var reader = await select.ExecuteReaderAsync();
            return await reader.ReadAsync() ? Read(reader) : null;
        }, "read the erasure ledger", logger);

    /// <summary>Every recorded erasure, oldest first.</summary>
    public async IAsyncEnumerable<ErasureLedgerEntry> ReadAllAsync()
    {
        await using var select = ledger.Source.CreateCommand($"SELECT {Columns} FROM actors_erasure_ledger ORDER BY erased_at, key_id");
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return Read(reader);
        }
    }

    private static ErasureLedgerEntry Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
        reader.GetString(3) == Name(ErasureKind.Forgotten) ? ErasureKind.Forgotten : ErasureKind.Expired,
        reader.GetFieldValue<DateTimeOffset>(4));

    private static string Name(ErasureKind kind) => kind == ErasureKind.Forgotten ? "forgotten" : "expired";
}
