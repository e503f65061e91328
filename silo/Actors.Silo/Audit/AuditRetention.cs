using Actors.Abstractions.Security;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Audit;

/// <summary>
/// Expires audit entries older than <see cref="AuditOptions.RetentionDays"/> by cutting each
/// tenant's chain: it checks the rows to go and signs a checkpoint at the newest of them, then,
/// in one short transaction with the tenant's head locked, writes the checkpoint and deletes the
/// rows. The check runs before the lock: expired rows never change (appends only add new ones),
/// and every change to a user waits on that head, so it is held for one round trip, not a walk
/// over a day's or a year's entries. Another silo's cut meanwhile is seen under the lock, and
/// this one then gives way. Verification starts from the newest checkpoint. Rows go only as an
/// unbroken prefix of the chain, and only if sound: a broken part is kept as evidence and logged.
/// </summary>
public sealed class AuditRetention(NpgsqlDataSource database, PlatformSigningKey signingKey, AuditOptions options,
    TimeProvider clock, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (options.RetentionDays < 1 || options.RetentionCheckPeriod <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("Actors:Audit:RetentionDays and Actors:Audit:RetentionCheckPeriod must be positive");
        }
        try
        {
            while (true)
            {
                await CutAllAsync(stopping);
                await Task.Delay(options.RetentionCheckPeriod, clock, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo stops; a cut in flight was rolled back and is made again later.
        }
    }

    private async Task CutAllAsync(CancellationToken stopping)
    {
        try
        {
            var cutoff = clock.GetUtcNow().AddDays(-options.RetentionDays);
            foreach (var tenantId in await TenantsAsync(stopping))
            {
                var removed = await CutAsync(tenantId, cutoff, stopping);
                if (removed > 0)
                {
                    logger.LogInformation("Cut {Count} audit entries of tenant {Tenant} older than {Cutoff:O}", removed, tenantId, cutoff);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not expire audit entries; trying again in {Period}", options.RetentionCheckPeriod);
        }
    }

    private async Task<List<string>> TenantsAsync(CancellationToken stopping)
    {
        await using var select = database.CreateCommand("SELECT tenant_id FROM actors_audit_heads ORDER BY tenant_id");
        await using var reader = await select.ExecuteReaderAsync(stopping);
        var tenants = new List<string>();
        while (await reader.ReadAsync(stopping))
        {
            tenants.Add(reader.GetString(0));
        }
        return tenants;
    }

    /// <summary>Cuts one tenant's chain after its newest entry older than <paramref name="cutoff"/>; returns the entries removed.</summary>
    private async Task<long> CutAsync(string tenantId, DateTimeOffset cutoff, CancellationToken stopping)
    {
        await using var connection = await database.OpenConnectionAsync(stopping);
        var (lastCut, cut) = await CutPointAsync(connection, tenantId, cutoff, stopping);
        if (cut <= lastCut)
        {
            return 0;
        }
        var walk = await CheckAsync(connection, tenantId, lastCut, cut, stopping);
        if (walk.BrokenSeq is not null || walk.Seq != cut)
        {
            logger.LogError("The audit chain of tenant {Tenant} is broken at entry {Seq} ({Reason}); its expired entries are kept as evidence. Run verify-audit.",
                tenantId, walk.BrokenSeq ?? walk.Seq + 1, walk.BrokenSeq is null ? $"entries up to {cut} are missing" : walk.Reason);
            return 0;
        }
        var cutAt = AuditChain.Stored(clock.GetUtcNow());
        var signature = signingKey.Sign(AuditChain.CheckpointBytes(tenantId, cut, walk.Hash, cutAt));
        await using var transaction = await connection.BeginTransactionAsync(stopping);
        var newestCheckpoint = (long)(await ScalarAsync(connection,
            "SELECT (SELECT coalesce(max(seq), 0) FROM actors_audit_checkpoints WHERE tenant_id = $1) FROM actors_audit_heads WHERE tenant_id = $1 FOR UPDATE",
            stopping, tenantId))!;
        if (newestCheckpoint != lastCut)
        {
            return 0; // another silo cut this chain since it was checked: its cut stands
        }
        await using (var commit = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("SET LOCAL actors.audit_cut = 'on'"),
                Command("INSERT INTO actors_audit_checkpoints (tenant_id, seq, hash, cut_at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)",
                    tenantId, cut, walk.Hash, cutAt, signingKey.KeyId, signature),
                // Older checkpoints vouch for rows that are gone: only the newest is ever read.
                Command("DELETE FROM actors_audit_checkpoints WHERE tenant_id = $1 AND seq < $2", tenantId, cut),
                Command("DELETE FROM actors_audit WHERE tenant_id = $1 AND seq <= $2", tenantId, cut),
            },
        })
        {
            await commit.ExecuteNonQueryAsync(stopping);
        }
        await transaction.CommitAsync(stopping);
        return cut - lastCut;
    }

    /// <summary>
    /// Where the chain was last cut, and where it may be cut now: before the oldest entry still
    /// within the retention, or at the head if none is. One statement.
    /// </summary>
    private static async Task<(long LastCut, long Cut)> CutPointAsync(NpgsqlConnection connection, string tenantId, DateTimeOffset cutoff, CancellationToken stopping)
    {
        await using var select = NewCommand(connection,
            """
            SELECT c.last_cut,
                   coalesce((SELECT a.seq - 1 FROM actors_audit a WHERE a.tenant_id = $1 AND a.seq > c.last_cut AND a.at >= $2 ORDER BY a.seq LIMIT 1), h.seq)
            FROM actors_audit_heads h,
                 LATERAL (SELECT coalesce(max(seq), 0) AS last_cut FROM actors_audit_checkpoints WHERE tenant_id = $1) c
            WHERE h.tenant_id = $1
            """, tenantId, cutoff);
        await using var reader = await select.ExecuteReaderAsync(stopping);
        return await reader.ReadAsync(stopping) ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>Recomputes the rows about to go, from the newest checkpoint (an altered one breaks the walk at once) to the cut.</summary>
    private static async Task<AuditChainWalk> CheckAsync(NpgsqlConnection connection, string tenantId, long lastCut, long cut, CancellationToken stopping)
    {
        var startHash = lastCut == 0
            ? AuditChain.Start
            : (byte[])(await ScalarAsync(connection, "SELECT hash FROM actors_audit_checkpoints WHERE tenant_id = $1 AND seq = $2", stopping, tenantId, lastCut))!;
        var walk = new AuditChainWalk(tenantId, lastCut, startHash);
        await using var select = NewCommand(connection,
            $"SELECT {AuditChainWalk.Columns} FROM actors_audit WHERE tenant_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq", tenantId, lastCut, cut);
        await using var rows = await select.ExecuteReaderAsync(stopping);
        await walk.FollowAsync(rows, stopping);
        return walk;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken stopping, params object[] values)
    {
        await using var command = NewCommand(connection, sql, values);
        var result = await command.ExecuteScalarAsync(stopping);
        return result is DBNull ? null : result;
    }

    private static NpgsqlCommand NewCommand(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(values.Select(Parameter).ToArray());
        return command;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(values.Select(Parameter).ToArray());
        return command;
    }

    private static NpgsqlParameter Parameter(object value) => value is DateTimeOffset at
        ? new() { Value = at.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz }
        : new() { Value = value };
}
