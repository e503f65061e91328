using Actors.Abstractions.Telemetry;
using Actors.Abstractions.Audit;
using Actors.Silo.Storage;
using Npgsql;

namespace Actors.Silo.Audit;

/// <summary>
/// Appends audit entries to their tenants' hash chains. Entries from every caller of the process
/// share commits (<see cref="GroupCommit{TWork,TResult}"/>); each commit locks the heads of its
/// tenants, so writers in other silos or gateways append to the same tenant one after another,
/// each continuing the chain where the last one committed it.
/// <para>
/// A change to a user commits its entry with the change itself, in the grain storage
/// (<see cref="PostgresGrainStorage"/>); this trail takes every other entry. Entries for other
/// changes are committed durably before the change is acknowledged. Entries for
/// reads share commits of their own that do not wait for the disk (asynchronous commit): a
/// read is not held up by a flush, and such an entry is lost only if PostgreSQL itself crashes
/// within about its WAL writer delay. The chain stays whole even then: WAL is written in order,
/// so any later durable commit, which continues the chain, makes the earlier ones durable too.
/// </para>
/// </summary>
public sealed class PostgresAuditTrail : IAuditTrail, IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly AuditChainAppend _append;
    private readonly ILogger<PostgresAuditTrail> _logger;
    private readonly GroupCommit<AuditEntry, long> _changes;
    private readonly GroupCommit<AuditEntry, long> _reads;

    public PostgresAuditTrail(NpgsqlDataSource database, AuditOptions options, AuditChainAppend append, PlatformMetrics metrics, ILogger<PostgresAuditTrail> logger)
    {
        (_database, _append, _logger) = (database, append, logger);
        _changes = new(entries => CommitAsync(entries, waitForDisk: true), _ => 1, options.EntriesPerCommit, options.Writers,
            "record the audit entry", "Actors:Audit:EntriesPerCommit and Actors:Audit:Writers", lane: entry => entry.TenantId, durable: metrics.AuditAppended);
        _reads = new(entries => CommitAsync(entries, waitForDisk: false), _ => 1, options.EntriesPerCommit, options.Writers,
            "record the audit entry", "Actors:Audit:EntriesPerCommit and Actors:Audit:Writers", lane: entry => entry.TenantId, durable: metrics.AuditAppended);
    }

    public Task RecordAsync(AuditEntry entry)
    {
        var prepared = AuditChainAppend.Prepare(entry);
        var queue = AuditOperations.IsRead(entry.Operation) ? _reads : _changes;
        return DatabaseFailure.TranslateAsync(() => queue.EnqueueAsync(prepared), "record the audit entry", _logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _reads.DisposeAsync();
        await _changes.DisposeAsync();
    }

    /// <summary>One transaction in two round trips: lock the heads; then the rows, the moved heads and COMMIT.</summary>
    private Task<IReadOnlyList<long>> CommitAsync(IReadOnlyList<AuditEntry> entries, bool waitForDisk) =>
        BatchedTransaction.RunAsync<IReadOnlyList<long>>(_database, async connection =>
        {
            await using var open = BatchedTransaction.Open(connection);
            // Off: the commit does not wait for the WAL flush (see the class comment).
            open.BatchCommands.Add(new(waitForDisk ? "SET LOCAL synchronous_commit TO ON" : "SET LOCAL synchronous_commit TO OFF"));
            foreach (var command in AuditChainAppend.LockHeads([.. entries.Select(e => e.TenantId).Distinct()]))
            {
                open.BatchCommands.Add(command);
            }
            Dictionary<string, (long Seq, byte[] Hash)> heads;
            await using (var reader = await open.ExecuteReaderAsync())
            {
                heads = await AuditChainAppend.ReadHeadsAsync(reader);
            }
            long[] seqs = [];
            await BatchedTransaction.CommitAsync(connection, close => seqs = _append.Append(close, entries, heads));
            return seqs;
        });
}
