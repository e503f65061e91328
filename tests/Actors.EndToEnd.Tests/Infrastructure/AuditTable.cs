using Actors.Abstractions.Audit;
using Npgsql;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The audit tables as someone with database rights sees them: reads, and the tampering an
/// attacker would try. Tampering turns the append-only trigger off for its own session
/// (session_replication_role = replica), as a superuser can.
/// </summary>
public sealed class AuditTable(TestDatabase database)
{
    public async Task<IReadOnlyList<long>> SeqsAsync(string tenantId) =>
        await ListAsync<long>("SELECT seq FROM actors_audit WHERE tenant_id = $1 ORDER BY seq", tenantId);

    /// <summary>(operation, subject, actor) of the tenant-wide entries, in order.</summary>
    public async Task<IReadOnlyList<(string Operation, string Subject, string Actor)>> TenantEntriesAsync(string tenantId)
    {
        await using var connection = await database.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT operation, subject, actor FROM actors_audit WHERE tenant_id = $1 AND user_reference IS NULL ORDER BY seq", connection);
        select.Parameters.Add(new() { Value = tenantId });
        await using var reader = await select.ExecuteReaderAsync();
        var entries = new List<(string, string, string)>();
        while (await reader.ReadAsync())
        {
            entries.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return entries;
    }

    /// <summary>The seq of the tenant's newest checkpoint, or null.</summary>
    public async Task<long?> CheckpointSeqAsync(string tenantId) =>
        (await ListAsync<long>("SELECT seq FROM actors_audit_checkpoints WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", tenantId)).Cast<long?>().FirstOrDefault();

    /// <summary>A stored entry and the previous hash stored with it.</summary>
    public async Task<(AuditEntry Entry, byte[] PreviousHash)> EntryAsync(string tenantId, long seq)
    {
        await using var connection = await database.OpenAsync();
        await using var select = new NpgsqlCommand(
            "SELECT at, actor, operation, user_reference, subject, prev_hash FROM actors_audit WHERE tenant_id = $1 AND seq = $2", connection);
        select.Parameters.Add(new() { Value = tenantId });
        select.Parameters.Add(new() { Value = seq });
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (new AuditEntry(tenantId, reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(0)), (byte[])reader[5]);
    }

    /// <summary>Runs <paramref name="sql"/> ($1 is the tenant, then <paramref name="values"/>) with the append-only trigger off, as an attacker would.</summary>
    public async Task TamperAsync(string sql, string tenantId, params object[] values)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, transaction))
        {
            await off.ExecuteNonQueryAsync();
        }
        await using (var tamper = new NpgsqlCommand(sql, connection, transaction))
        {
            tamper.Parameters.Add(new() { Value = tenantId });
            tamper.Parameters.AddRange(values.Select(v => new NpgsqlParameter { Value = v }).ToArray());
            Assert.True(await tamper.ExecuteNonQueryAsync() > 0, $"the tampering changed nothing: {sql}");
        }
        await transaction.CommitAsync();
    }

    /// <summary>Runs <paramref name="sql"/> ($1 is the tenant) as an ordinary statement.</summary>
    public async Task ExecuteAsync(string sql, string tenantId)
    {
        await using var connection = await database.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new() { Value = tenantId });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, string tenantId)
    {
        await using var connection = await database.OpenAsync();
        await using var select = new NpgsqlCommand(sql, connection);
        select.Parameters.Add(new() { Value = tenantId });
        await using var reader = await select.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }
        return values;
    }
}
