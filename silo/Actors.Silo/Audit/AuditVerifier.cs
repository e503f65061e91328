using System.Data;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Security;
using Npgsql;

namespace Actors.Silo.Audit;

/// <summary>
/// Checks a tenant's audit chain as stored: the newest checkpoint's signature, then every entry
/// from there in order (contiguous seq, each hash recomputed, each linked to the one before),
/// then that the last entry is the head. It needs only the public half of the platform's key,
/// so an auditor can run it (<c>verify-audit</c>) without trusting a running gateway.
/// </summary>
public sealed class AuditVerifier(NpgsqlDataSource database, string publicKeyPem)
{
    /// <summary>How many entries pass between two reports of progress.</summary>
    public const int ProgressEvery = 1000;

    public Task<AuditVerification> VerifyAsync(string tenantId, CancellationToken cancellation) => VerifyAsync(tenantId, null, cancellation);

    public async Task<AuditVerification> VerifyAsync(string tenantId, IProgress<AuditProgress>? progress, CancellationToken cancellation)
    {
        await using var connection = await database.OpenConnectionAsync(cancellation);
        // One snapshot for checkpoint, rows and head: an append or cut meanwhile is not a break.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellation);
        var checkpoint = await CheckpointAsync(connection, tenantId, cancellation);
        var walk = new AuditChainWalk(tenantId, checkpoint?.Seq ?? 0, checkpoint?.Hash ?? AuditChain.Start);
        if (checkpoint is not null && !SignatureHolds(tenantId, checkpoint))
        {
            walk.Break(checkpoint.Seq, $"the checkpoint at entry {checkpoint.Seq} is not signed by this platform's key (key {checkpoint.KeyId}): it was forged or altered");
            return Result(walk, checkpoint);
        }
        // The head of the same snapshot says how many entries there are to check, without counting them first.
        var head = await HeadAsync(connection, tenantId, cancellation);
        var total = Math.Max(0, (head?.Item1 ?? 0) - walk.Seq);
        progress?.Report(new AuditProgress(0, total));
        await using (var select = new NpgsqlCommand(
            $"SELECT {AuditChainWalk.Columns} FROM actors_audit WHERE tenant_id = $1 AND seq > $2 ORDER BY seq", connection))
        {
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = walk.Seq });
            await using var rows = await select.ExecuteReaderAsync(cancellation);
            var followed = await walk.FollowAsync(rows, cancellation,
                progress is null ? null : entries => progress.Report(new AuditProgress(entries, total)), ProgressEvery);
            if (!followed)
            {
                return Result(walk, checkpoint);
            }
        }
        progress?.Report(new AuditProgress(walk.EntriesChecked, total));
        CheckHead(walk, head, tenantId);
        return Result(walk, checkpoint);
    }

    private void CheckHead(AuditChainWalk walk, (long Seq, byte[] Hash, byte[]? Signature)? head, string tenantId)
    {
        if (head is null)
        {
            if (walk.Seq > 0)
            {
                walk.Break(walk.Seq, $"the chain's head is missing, yet entries up to {walk.Seq} exist");
            }
        }
        else if (head.Value.Seq > walk.Seq)
        {
            walk.Break(walk.Seq + 1, $"entries {walk.Seq + 1} to {head.Value.Seq} are missing: the chain's head is entry {head.Value.Seq}, the last stored entry is {walk.Seq}");
        }
        else if (head.Value.Seq < walk.Seq || !head.Value.Hash.AsSpan().SequenceEqual(walk.Hash))
        {
            walk.Break(head.Value.Seq, $"the chain's head (entry {head.Value.Seq}) does not match the last stored entry ({walk.Seq})");
        }
        else if (head.Value.Seq > 0 && (head.Value.Signature is not { } signature
            || !PlatformSigningKey.Verify(publicKeyPem, AuditChain.HeadBytes(tenantId, head.Value.Seq, head.Value.Hash), Convert.ToBase64String(signature))))
        {
            // What follows the head is what cannot be trusted: entries after it may have been deleted.
            walk.Break(head.Value.Seq + 1, $"the chain's head (entry {head.Value.Seq}) is not signed by this platform's key: newest entries were deleted and the head moved back, or it was altered");
        }
    }

    private bool SignatureHolds(string tenantId, Checkpoint checkpoint) =>
        PlatformSigningKey.Verify(publicKeyPem, AuditChain.CheckpointBytes(tenantId, checkpoint.Seq, checkpoint.Hash, checkpoint.CutAt),
            Convert.ToBase64String(checkpoint.Signature));

    private static AuditVerification Result(AuditChainWalk walk, Checkpoint? checkpoint) =>
        new(walk.EntriesChecked, checkpoint?.Seq ?? 0, walk.BrokenSeq, walk.Reason);

    private static async Task<Checkpoint?> CheckpointAsync(NpgsqlConnection connection, string tenantId, CancellationToken cancellation)
    {
        await using var select = new NpgsqlCommand(
            "SELECT seq, hash, cut_at, key_id, signature FROM actors_audit_checkpoints WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1", connection);
        select.Parameters.Add(new() { Value = tenantId });
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation)
            ? new Checkpoint(reader.GetInt64(0), (byte[])reader[1], reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), (byte[])reader[4])
            : null;
    }

    private static async Task<(long, byte[], byte[]?)?> HeadAsync(NpgsqlConnection connection, string tenantId, CancellationToken cancellation)
    {
        await using var select = new NpgsqlCommand("SELECT seq, hash, signature FROM actors_audit_heads WHERE tenant_id = $1", connection);
        select.Parameters.Add(new() { Value = tenantId });
        await using var reader = await select.ExecuteReaderAsync(cancellation);
        return await reader.ReadAsync(cancellation) ? (reader.GetInt64(0), (byte[])reader[1], reader.IsDBNull(2) ? null : (byte[])reader[2]) : null;
    }

    private sealed record Checkpoint(long Seq, byte[] Hash, DateTimeOffset CutAt, string KeyId, byte[] Signature);
}
