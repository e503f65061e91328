using Actors.Abstractions.Audit;
using Actors.Abstractions.Security;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Audit;

/// <summary>
/// The one way entries join their tenants' chains, inside a transaction its caller runs in two
/// round trips: the first carries <see cref="LockHeads"/> (after the caller's own statements),
/// the second the rows and moved heads <see cref="Append"/> adds, then COMMIT. Used by the grain
/// storage, whose changes commit with their entries, and by the audit trail for everything else.
/// </summary>
public sealed class AuditChainAppend(PlatformSigningKey signingKey)
{
    /// <summary>
    /// Checks an entry before it joins a commit it would share with others, where a malformed
    /// one would fail them all; returns it with its time as the chain stores it.
    /// </summary>
    public static AuditEntry Prepare(AuditEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(entry.TenantId);
        ArgumentException.ThrowIfNullOrEmpty(entry.Actor);
        ArgumentException.ThrowIfNullOrEmpty(entry.Operation);
        ArgumentNullException.ThrowIfNull(entry.Subject);
        return entry with { At = AuditChain.Stored(entry.At) };
    }

    /// <summary>
    /// Creates missing heads, then locks every head of the transaction in the database's order of
    /// tenant ids: two transactions sharing tenants take their locks in the same order, so they
    /// queue instead of deadlocking. The last command's rows are what <see cref="ReadHeadsAsync"/> reads.
    /// <para>
    /// The rest of the transaction runs its prepared statements on their generic plans: PostgreSQL
    /// otherwise plans the lock of the heads anew at every commit, which cost it more (69 µs a
    /// commit) than running it (13 µs). The transaction's other statements look rows up by key,
    /// where a plan made for the parameters is no better.
    /// </para>
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> LockHeads(string[] tenantIds)
    {
        yield return new("SET LOCAL plan_cache_mode = force_generic_plan");
        yield return new("INSERT INTO actors_audit_heads (tenant_id, seq, hash) SELECT t, 0, $2 FROM unnest($1::text[]) AS t ORDER BY t ON CONFLICT (tenant_id) DO NOTHING")
        {
            Parameters = { new() { Value = tenantIds }, new() { Value = AuditChain.Start } },
        };
        yield return new("SELECT tenant_id, seq, hash FROM actors_audit_heads WHERE tenant_id = ANY($1) ORDER BY tenant_id FOR UPDATE")
        {
            Parameters = { new() { Value = tenantIds } },
        };
    }

    /// <summary>The locked heads, from the reader positioned on <see cref="LockHeads"/>' rows.</summary>
    public static async Task<Dictionary<string, (long Seq, byte[] Hash)>> ReadHeadsAsync(NpgsqlDataReader reader)
    {
        var heads = new Dictionary<string, (long, byte[])>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            heads[reader.GetString(0)] = (reader.GetInt64(1), (byte[])reader[2]);
        }
        return heads;
    }

    /// <summary>
    /// Chains <paramref name="entries"/> after <paramref name="heads"/>, in order, and adds to
    /// <paramref name="batch"/> the insert of their rows and the move of each head they extend,
    /// signed. Returns each entry's seq. Each entry went through <see cref="Prepare"/>.
    /// </summary>
    public long[] Append(NpgsqlBatch batch, IReadOnlyList<AuditEntry> entries, Dictionary<string, (long Seq, byte[] Hash)> heads)
    {
        var seqs = new long[entries.Count];
        if (entries.Count == 0)
        {
            return seqs;
        }
        var previousHashes = new byte[entries.Count][];
        var hashes = new byte[entries.Count][];
        var moved = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var (previousSeq, previousHash) = heads[entry.TenantId];
            seqs[i] = previousSeq + 1;
            previousHashes[i] = previousHash;
            hashes[i] = AuditChain.Hash(entry, seqs[i], previousHash);
            heads[entry.TenantId] = (seqs[i], hashes[i]);
            moved.Add(entry.TenantId);
        }
        batch.BatchCommands.Add(new(
            """
            INSERT INTO actors_audit (tenant_id, seq, at, actor, operation, user_reference, subject, prev_hash, hash)
            SELECT * FROM unnest($1::varchar[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::varchar[], $7::text[], $8::bytea[], $9::bytea[])
            """)
        {
            Parameters =
            {
                new() { Value = entries.Select(e => e.TenantId).ToArray() },
                new() { Value = seqs },
                new() { Value = entries.Select(e => e.At.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new() { Value = entries.Select(e => e.Actor).ToArray() },
                new() { Value = entries.Select(e => e.Operation).ToArray() },
                new() { Value = entries.Select(e => e.UserReference).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Varchar },
                new() { Value = entries.Select(e => e.Subject).ToArray() },
                new() { Value = previousHashes },
                new() { Value = hashes },
            },
        });
        var tenants = moved.ToArray();
        batch.BatchCommands.Add(new(
            """
            UPDATE actors_audit_heads AS h SET seq = m.seq, hash = m.hash, signature = m.signature
            FROM unnest($1::varchar[], $2::bigint[], $3::bytea[], $4::bytea[]) AS m (tenant_id, seq, hash, signature)
            WHERE h.tenant_id = m.tenant_id
            """)
        {
            Parameters =
            {
                new() { Value = tenants },
                new() { Value = tenants.Select(t => heads[t].Seq).ToArray() },
                new() { Value = tenants.Select(t => heads[t].Hash).ToArray() },
                new() { Value = tenants.Select(t => signingKey.Sign(AuditChain.HeadBytes(t, heads[t].Seq, heads[t].Hash))).ToArray() },
            },
        });
        return seqs;
    }
}
