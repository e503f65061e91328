using Actors.Abstractions.Audit;
using Npgsql;

namespace Actors.Silo.Audit;

/// <summary>
/// Follows stored rows of one tenant's chain in seq order, recomputing each hash: the check the
/// verifier makes of the whole chain and the retention cut makes of what it is about to delete.
/// </summary>
public sealed class AuditChainWalk(string tenantId, long startSeq, byte[] startHash)
{
    /// <summary>The columns <see cref="FollowAsync"/> reads, in its order.</summary>
    public const string Columns = "seq, at, actor, operation, user_reference, subject, prev_hash, hash";

    /// <summary>The seq of the last sound entry (the start if none).</summary>
    public long Seq { get; private set; } = startSeq;

    /// <summary>The hash of the last sound entry (the start's if none).</summary>
    public byte[] Hash { get; private set; } = startHash;

    public long EntriesChecked { get; private set; }

    public long? BrokenSeq { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>Reads rows of <see cref="Columns"/> in seq order until they end or the chain breaks; false if it broke.</summary>
    /// <param name="checkedSoFar">Told <see cref="EntriesChecked"/> after every <paramref name="every"/> sound entries.</param>
    public async Task<bool> FollowAsync(NpgsqlDataReader rows, CancellationToken cancellation, Action<long>? checkedSoFar = null, int every = 1000)
    {
        while (BrokenSeq is null && await rows.ReadAsync(cancellation))
        {
            var seq = rows.GetInt64(0);
            var entry = new AuditEntry(tenantId, rows.GetString(2), rows.GetString(3), rows.IsDBNull(4) ? null : rows.GetString(4),
                rows.GetString(5), rows.GetFieldValue<DateTimeOffset>(1));
            var (previousHash, hash) = ((byte[])rows[6], (byte[])rows[7]);
            if (seq != Seq + 1)
            {
                Break(Seq + 1, seq == Seq + 2 ? $"entry {Seq + 1} is missing" : $"entries {Seq + 1} to {seq - 1} are missing");
            }
            else if (!previousHash.AsSpan().SequenceEqual(Hash))
            {
                Break(seq, $"entry {seq} does not follow entry {Seq}: its previous hash differs, so one of them was altered");
            }
            else if (!AuditChain.Hash(entry, seq, previousHash).AsSpan().SequenceEqual(hash))
            {
                Break(seq, $"entry {seq} was altered: its fields do not match its hash");
            }
            else
            {
                (Seq, Hash) = (seq, hash);
                EntriesChecked++;
                if (checkedSoFar is not null && EntriesChecked % every == 0)
                {
                    checkedSoFar(EntriesChecked);
                }
            }
        }
        return BrokenSeq is null;
    }

    /// <summary>Marks the chain broken at <paramref name="seq"/> (a check of the caller's, e.g. against the head).</summary>
    public void Break(long seq, string reason) => (BrokenSeq, Reason) = (seq, reason);
}
