using Actors.Abstractions.Audit;
using Actors.Abstractions.Incidents;
using Actors.Silo.Audit;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Incidents;

/// <summary>
/// One step of an incident in one transaction: its own rows, the timeline line, and an audit entry
/// in each affected tenant's chain, committed together or not at all.
/// </summary>
internal sealed class IncidentTransaction : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private IncidentTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<IncidentTransaction> BeginAsync(NpgsqlDataSource database, CancellationToken cancellation)
    {
        var connection = await database.OpenConnectionAsync(cancellation);
        try
        {
            return new IncidentTransaction(connection, await connection.BeginTransactionAsync(cancellation));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public NpgsqlConnection Connection => _connection;

    public NpgsqlTransaction Transaction => _transaction;

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellation, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(cancellation);
    }

    public async Task ExecuteAsync(NpgsqlBatchCommand command, CancellationToken cancellation)
    {
        await using var batch = new NpgsqlBatch(_connection, _transaction) { BatchCommands = { command } };
        await batch.ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The incident, locked until the commit, or null.</summary>
    public Task<IncidentRecord?> LockAsync(Guid incidentId, CancellationToken cancellation) =>
        IncidentRows.ReadAsync(_connection, _transaction, incidentId, forUpdate: true, cancellation);

    /// <summary>The timeline line, and an entry "incident.{step}" about the incident in each tenant's audit chain.</summary>
    public async Task RecordStepAsync(Guid incidentId, IncidentStep step, IEnumerable<string> tenantIds, AuditChainAppend chain, CancellationToken cancellation)
    {
        await ExecuteAsync(
            """
            INSERT INTO actors_incident_timeline (incident_id, position, at, step, actor, note)
            SELECT $1, coalesce(max(position), 0) + 1, $2, $3, $4, $5 FROM actors_incident_timeline WHERE incident_id = $1
            """, cancellation,
            new() { Value = incidentId }, Time(step.At), new() { Value = step.Step }, new() { Value = step.Actor }, new() { Value = step.Note });
        var tenants = tenantIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (tenants.Length == 0)
        {
            return;
        }
        var entries = tenants
            .Select(t => AuditChainAppend.Prepare(new AuditEntry(t, step.Actor, AuditOperations.Incident(step.Step), null, AuditNames.Incident(incidentId), step.At)))
            .ToList();
        Dictionary<string, (long Seq, byte[] Hash)> heads;
        await using (var lockHeads = new NpgsqlBatch(_connection, _transaction))
        {
            foreach (var command in AuditChainAppend.LockHeads(tenants))
            {
                lockHeads.BatchCommands.Add(command);
            }
            await using var reader = await lockHeads.ExecuteReaderAsync(cancellation);
            heads = await AuditChainAppend.ReadHeadsAsync(reader);
        }
        await using var append = new NpgsqlBatch(_connection, _transaction);
        chain.Append(append, entries, heads);
        await append.ExecuteNonQueryAsync(cancellation);
    }

    public Task CommitAsync(CancellationToken cancellation) => _transaction.CommitAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    public static NpgsqlParameter Time(DateTimeOffset at) => new() { Value = at.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter Time(DateTimeOffset? at) => at is { } value ? Time(value) : new() { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
