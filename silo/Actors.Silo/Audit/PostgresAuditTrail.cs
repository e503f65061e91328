using Actors.Abstractions.Audit;
using Actors.Abstractions.Security;
using Actors.Silo.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Audit;

/// <summary>
/// Appends audit entries to their tenants' hash chains. Entries from every caller of the process
/// share commits (<see cref="GroupCommit{TWork,TResult}"/>); each commit locks the heads of its
/// tenants, so writers in other silos or gateways append to the same tenant one after another,
/// each continuing the chain where the last one committed it.
/// <para>
/// Entries for changes are committed durably before the change is acknowledged. Entries for
/// reads share commits of their own that do not wait for the disk (asynchronous commit): a
/// read is not held up by a flush, and such an entry is lost only if PostgreSQL itself crashes
/// within about its WAL writer delay. The chain stays whole even then: WAL is written in order,
/// so any later durable commit, which continues the chain, makes the earlier ones durable too.
/// </para>
/// </summary>
public sealed class PostgresAuditTrail : IAuditTrail, IAsyncDisposable
{
    private const string CopyCommand =
        "COPY actors_audit (tenant_id, seq, at, actor, operation, user_reference, subject, prev_hash, hash) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _database;
    private readonly PlatformSigningKey _signingKey;
    private readonly ILogger<PostgresAuditTrail> _logger;
    private readonly GroupCommit<AuditEntry, long> _changes;
    private readonly GroupCommit<AuditEntry, long> _reads;

    public PostgresAuditTrail(NpgsqlDataSource database, AuditOptions options, PlatformSigningKey signingKey, ILogger<PostgresAuditTrail> logger)
    {
        (_database, _signingKey, _logger) = (database, signingKey, logger);
        _changes = new(entries => CommitAsync(entries, waitForDisk: true), _ => 1, options.EntriesPerCommit, options.Writers,
            "record the audit entry", "Actors:Audit:EntriesPerCommit and Actors:Audit:Writers");
        _reads = new(entries => CommitAsync(entries, waitForDisk: false), _ => 1, options.EntriesPerCommit, options.Writers,
            "record the audit entry", "Actors:Audit:EntriesPerCommit and Actors:Audit:Writers");
    }

    public Task RecordAsync(AuditEntry entry)
    {
        // A malformed entry is refused alone, before it can fail a commit it would share with others.
        ArgumentException.ThrowIfNullOrEmpty(entry.TenantId);
        ArgumentException.ThrowIfNullOrEmpty(entry.Actor);
        ArgumentException.ThrowIfNullOrEmpty(entry.Operation);
        ArgumentNullException.ThrowIfNull(entry.Subject);
        var queue = AuditOperations.IsRead(entry.Operation) ? _reads : _changes;
        return DatabaseFailure.TranslateAsync(() => queue.EnqueueAsync(entry with { At = AuditChain.Stored(entry.At) }),
            "record the audit entry", _logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _reads.DisposeAsync();
        await _changes.DisposeAsync();
    }

    /// <summary>One transaction: lock the heads, chain and copy the rows, move the heads, commit.</summary>
    private async Task<IReadOnlyList<long>> CommitAsync(IReadOnlyList<AuditEntry> entries, bool waitForDisk)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var heads = await LockHeadsAsync(connection, [.. entries.Select(e => e.TenantId).Distinct()], waitForDisk);
        var seqs = new long[entries.Count];
        using (var copy = await connection.BeginBinaryImportAsync(CopyCommand))
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var (previousSeq, previousHash) = heads[entry.TenantId];
                var seq = previousSeq + 1;
                var hash = AuditChain.Hash(entry, seq, previousHash);
                Write(copy, entry, seq, previousHash, hash);
                heads[entry.TenantId] = (seq, hash);
                seqs[i] = seq;
            }
            await copy.CompleteAsync();
        }
        await using (var move = new NpgsqlBatch(connection))
        {
            foreach (var (tenantId, (seq, hash)) in heads)
            {
                move.BatchCommands.Add(new("UPDATE actors_audit_heads SET seq = $2, hash = $3, signature = $4 WHERE tenant_id = $1")
                {
                    Parameters =
                    {
                        new() { Value = tenantId }, new() { Value = seq }, new() { Value = hash },
                        new() { Value = _signingKey.Sign(AuditChain.HeadBytes(tenantId, seq, hash)) },
                    },
                });
            }
            await move.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return seqs;
    }

    /// <summary>
    /// Creates missing heads, then locks every head of the commit in the database's order of
    /// tenant ids: two commits sharing tenants take their locks in the same order, so they
    /// queue instead of deadlocking.
    /// </summary>
    /// <param name="waitForDisk">False: the commit does not wait for the WAL flush (set in the same round trip).</param>
    private static async Task<Dictionary<string, (long Seq, byte[] Hash)>> LockHeadsAsync(NpgsqlConnection connection, string[] tenantIds, bool waitForDisk)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new(waitForDisk ? "SET LOCAL synchronous_commit TO ON" : "SET LOCAL synchronous_commit TO OFF"),
                new("INSERT INTO actors_audit_heads (tenant_id, seq, hash) SELECT t, 0, $2 FROM unnest($1::text[]) AS t ORDER BY t ON CONFLICT (tenant_id) DO NOTHING")
                {
                    Parameters = { new() { Value = tenantIds }, new() { Value = AuditChain.Start } },
                },
                new("SELECT tenant_id, seq, hash FROM actors_audit_heads WHERE tenant_id = ANY($1) ORDER BY tenant_id FOR UPDATE")
                {
                    Parameters = { new() { Value = tenantIds } },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync();
        var heads = new Dictionary<string, (long, byte[])>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            heads[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader[2]);
        }
        return heads;
    }

    private static void Write(NpgsqlBinaryImporter copy, AuditEntry entry, long seq, byte[] previousHash, byte[] hash)
    {
        copy.StartRow();
        copy.Write(entry.TenantId, NpgsqlDbType.Varchar);
        copy.Write(seq, NpgsqlDbType.Bigint);
        copy.Write(entry.At.UtcDateTime, NpgsqlDbType.TimestampTz);
        copy.Write(entry.Actor, NpgsqlDbType.Text);
        copy.Write(entry.Operation, NpgsqlDbType.Text);
        if (entry.UserReference is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(entry.UserReference, NpgsqlDbType.Varchar);
        }
        copy.Write(entry.Subject, NpgsqlDbType.Text);
        copy.Write(previousHash, NpgsqlDbType.Bytea);
        copy.Write(hash, NpgsqlDbType.Bytea);
    }
}
