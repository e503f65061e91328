using System.Text.Json;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Requests;
using Actors.Grains.Requests;
using Actors.Silo.Audit;
using Actors.Silo.Callbacks;
using Actors.Silo.Sealing;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Actors.Silo.Storage;

/// <summary>
/// Requests on PostgreSQL (<c>actors_requests</c>). A save writes the request's row, checked
/// against the version it follows, its callbacks into the outbox and its audit entry, in one
/// transaction of two round trips (<see cref="BatchedTransaction"/>). The subject (user id,
/// corrected values) is sealed under the user's key beside the clear state (<see cref="RequestSubjectSealing"/>).
/// </summary>
public sealed class PostgresRequestStore(NpgsqlDataSource database, AuditChainAppend auditChain, RequestSubjectSealing subjects, TimeProvider clock,
    IOptions<CallbackOptions> callbacks, ILogger<PostgresRequestStore> logger) : IRequestStore
{
    public async Task<DataSubjectRequestState?> ReadAsync(string tenantId, Guid requestId)
    {
        var (clear, subject) = await DatabaseFailure.TranslateAsync<(DataSubjectRequestState?, SealedPayload?)>(async () =>
        {
            await using var select = database.CreateCommand(
                "SELECT state, subject_key_id, subject_nonce, sealed_subject FROM actors_requests WHERE tenant_id = $1 AND request_id = $2");
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = requestId });
            await using var reader = await select.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return (null, null);
            }
            var state = JsonSerializer.Deserialize<DataSubjectRequestState>(reader.GetString(0), RequestJson.Options);
            return (state, reader.IsDBNull(1) ? null : new SealedPayload(reader.GetGuid(1), (byte[])reader[2], (byte[])reader[3]));
        }, "read the request", logger);
        return clear is null ? null : await subjects.OpenAsync(clear, subject);
    }

    public Task<IReadOnlyList<Guid>> OtherThanErasuresOfAsync(string tenantId, string userReference) =>
        DatabaseFailure.TranslateAsync<IReadOnlyList<Guid>>(async () =>
        {
            await using var select = database.CreateCommand(
                "SELECT request_id FROM actors_requests WHERE tenant_id = $1 AND user_reference = $2 AND request_type <> 'erasure'");
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = userReference });
            var found = new List<Guid>();
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add(reader.GetGuid(0));
            }
            return found;
        }, "find the subject's requests", logger);

    public Task SaveAsync(DataSubjectRequestState next, IReadOnlyList<CallbackMessage> messages, AuditEntry? audit) =>
        DatabaseFailure.TranslateAsync(async () =>
        {
            var entry = audit is null ? null : AuditChainAppend.Prepare(audit);
            var (clear, subject) = await subjects.SealAsync(next);
            return await BatchedTransaction.RunAsync(database, async connection =>
            {
                await using var open = BatchedTransaction.Open(connection);
                open.BatchCommands.Add(Upsert(clear, subject));
                var now = clock.GetUtcNow();
                foreach (var callback in messages)
                {
                    open.BatchCommands.Add(CallbackOutbox.Enqueue(next.TenantId, next.RequestId, callback.Url, callback.Body, now, callbacks.Value.Lifetime));
                }
                foreach (var command in entry is null ? [] : AuditChainAppend.LockHeads([entry.TenantId]))
                {
                    open.BatchCommands.Add(command);
                }
                var heads = new Dictionary<string, (long Seq, byte[] Hash)>();
                await using (var reader = await open.ExecuteReaderAsync())
                {
                    if (!await reader.ReadAsync())
                    {
                        // Another activation of this request wrote first (a silo was lost): this one is stale.
                        throw new DomainException(DomainError.Conflict,
                            $"request {next.RequestId:D} was changed concurrently; nothing was stored: read it again and retry");
                    }
                    if (entry is not null && await reader.NextResultAsync())
                    {
                        heads = await AuditChainAppend.ReadHeadsAsync(reader);
                    }
                }
                await BatchedTransaction.CommitAsync(connection, close => auditChain.Append(close, entry is null ? [] : [entry], heads));
                return true;
            });
        }, "store the request", logger);

    private static NpgsqlBatchCommand Upsert(DataSubjectRequestState next, SealedPayload? subject)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO actors_requests AS r (tenant_id, request_id, version, request_type, status, received_at, due_at, target_at, state, user_reference,
                subject_key_id, subject_nonce, sealed_subject)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (tenant_id, request_id) DO UPDATE
                SET version = excluded.version, status = excluded.status, due_at = excluded.due_at,
                    target_at = excluded.target_at, state = excluded.state, subject_key_id = excluded.subject_key_id,
                    subject_nonce = excluded.subject_nonce, sealed_subject = excluded.sealed_subject
                WHERE r.version = excluded.version - 1
            RETURNING version
            """);
        command.Parameters.Add(new() { Value = next.TenantId });
        command.Parameters.Add(new() { Value = next.RequestId });
        command.Parameters.Add(new() { Value = next.Version });
        command.Parameters.Add(new() { Value = OpenDsrNames.Of(next.Type) });
        command.Parameters.Add(new() { Value = OpenDsrNames.Of(next.Status) });
        command.Parameters.Add(new() { Value = next.ReceivedAt });
        command.Parameters.Add(new() { Value = (object?)RequestDeadlines.RunningDueAt(next) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)RequestDeadlines.RunningTargetAt(next) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(next, RequestJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = next.UserReference });
        command.Parameters.Add(new() { Value = (object?)subject?.KeyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new() { Value = (object?)subject?.Nonce ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new() { Value = (object?)subject?.Ciphertext ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        return command;
    }
}
