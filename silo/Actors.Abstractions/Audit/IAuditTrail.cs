namespace Actors.Abstractions.Audit;

/// <summary>
/// The append-only audit trail. An entry is durable in PostgreSQL, chained to the tenant's
/// previous entry, when the returned task completes.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEntry entry);
}
