using System.Text;
using Actors.Abstractions.Users;
using Actors.Silo.Sealing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What an operator holding the master key and the key store reads of the sealed rows (users'
/// state, requests' subjects), opened with the platform's own code. Rows whose key is gone do
/// not open: that is crypto-shredding.
/// </summary>
public static class SealedRows
{
    /// <summary>A sealed row as a dump holds it.</summary>
    public sealed record Row(string Place, string TenantId, string UserReference, string Record, long Version, SealedPayload Payload);

    /// <summary>Every sealed row of the data database now.</summary>
    public static async Task<IReadOnlyList<Row>> DumpAsync(TestDatabase database)
    {
        var rows = new List<Row>();
        await using var connection = await database.OpenAsync();
        await using (var states = new NpgsqlCommand("SELECT grain_id, version, key_id, nonce, payload FROM actors_grain_state WHERE key_id IS NOT NULL", connection))
        await using (var reader = await states.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var grainId = reader.GetString(0);
                var (tenantId, reference) = UserGrainKey.Parse(grainId["user/".Length..]);
                rows.Add(new Row("actors_grain_state.payload", tenantId, reference, grainId, reader.GetInt32(1),
                    new SealedPayload(reader.GetGuid(2), (byte[])reader[3], (byte[])reader[4])));
            }
        }
        await using (var requests = new NpgsqlCommand(
            "SELECT tenant_id, user_reference, request_id, version, subject_key_id, subject_nonce, sealed_subject FROM actors_requests WHERE subject_key_id IS NOT NULL", connection))
        await using (var reader = await requests.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(new Row("actors_requests.sealed_subject", reader.GetString(0), reader.GetString(1), $"request/{reader.GetString(0)}/{reader.GetGuid(2):D}",
                    reader.GetInt64(3), new SealedPayload(reader.GetGuid(4), (byte[])reader[5], (byte[])reader[6])));
            }
        }
        return rows;
    }

    /// <summary>The plaintext of each of <paramref name="rows"/> that opens with the keys the key store holds now.</summary>
    public static async Task<IReadOnlyList<(Row Row, string Plaintext)>> OpenAsync(TestDatabase database, PlatformSecrets secrets, IEnumerable<Row> rows)
    {
        await using var store = new RawEventStore(database, secrets);
        var sealing = new PersonalSealing(store.KeyStore(), store.Ledger(), NullLogger<PersonalSealing>.Instance);
        var opened = new List<(Row, string)>();
        foreach (var row in rows)
        {
            try
            {
                if ((await sealing.OpenAsync(row.TenantId, row.UserReference, row.Record, row.Version, row.Payload)).Plaintext is { } plaintext)
                {
                    opened.Add((row, Encoding.UTF8.GetString(plaintext)));
                }
            }
            catch (Abstractions.Errors.DomainException)
            {
                // No key and no erasure on record, or a row that does not open: unreadable either way.
            }
        }
        return opened;
    }
}
