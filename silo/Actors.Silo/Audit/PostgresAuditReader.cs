using Actors.Abstractions.Audit;
using Actors.Silo.Storage;
using Npgsql;

namespace Actors.Silo.Audit;

/// <summary>A tenant's view of its audit trail in PostgreSQL: one user's entries, and the chain's check.</summary>
public sealed class PostgresAuditReader(NpgsqlDataSource database, AuditVerifier verifier, ILogger<PostgresAuditReader> logger) : IAuditReader
{
    public Task<IReadOnlyList<AuditRecord>> ListForUserAsync(string tenantId, string userReference, long afterSeq, int limit, CancellationToken cancellation) =>
        DatabaseFailure.TranslateAsync<IReadOnlyList<AuditRecord>>(async () =>
        {
            await using var select = database.CreateCommand(
                """
                SELECT seq, at, actor, operation, subject
                FROM actors_audit
                WHERE tenant_id = $1 AND user_reference = $2 AND seq > $3
                ORDER BY seq
                LIMIT $4
                """);
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = userReference });
            select.Parameters.Add(new() { Value = afterSeq });
            select.Parameters.Add(new() { Value = limit });
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            var records = new List<AuditRecord>();
            while (await reader.ReadAsync(cancellation))
            {
                records.Add(new AuditRecord(reader.GetInt64(0), new AuditEntry(tenantId, reader.GetString(2), reader.GetString(3),
                    userReference, reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(1))));
            }
            return records;
        }, "read the user's audit entries", logger);

    public Task<AuditVerification> VerifyAsync(string tenantId, CancellationToken cancellation) =>
        DatabaseFailure.TranslateAsync(() => verifier.VerifyAsync(tenantId, cancellation), "verify the audit trail", logger);
}
