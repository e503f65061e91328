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
            // A generic plan takes the user's index and sorts all the user's entries; for a user
            // with a large share of the tenant's entries the primary key in seq order is far
            // cheaper (docs/benchmarks.md, run M).
            await using var connection = await database.OpenConnectionAsync(cancellation);
            await using var select = PlannedPerCall.Batch(connection, new(
                """
                SELECT seq, at, actor, operation, subject
                FROM actors_audit
                WHERE tenant_id = $1 AND user_reference = $2 AND seq > $3
                ORDER BY seq
                LIMIT $4
                """)
            {
                Parameters = { new() { Value = tenantId }, new() { Value = userReference }, new() { Value = afterSeq }, new() { Value = limit } },
            });
            await using var reader = await select.ExecuteReaderAsync(cancellation);
            var records = new List<AuditRecord>();
            while (await reader.ReadAsync(cancellation))
            {
                records.Add(new AuditRecord(reader.GetInt64(0), new AuditEntry(tenantId, reader.GetString(2), reader.GetString(3),
                    userReference, reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(1))));
            }
            return records;
        }, "read the user's audit entries", logger);

    public Task<AuditVerification> VerifyAsync(string tenantId, IProgress<AuditProgress>? progress, CancellationToken cancellation) =>
        DatabaseFailure.TranslateAsync(() => verifier.VerifyAsync(tenantId, progress, cancellation), "verify the audit trail", logger);
}
