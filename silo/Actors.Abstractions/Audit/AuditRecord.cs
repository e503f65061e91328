namespace Actors.Abstractions.Audit;

/// <summary>A stored audit entry with its place in the tenant's chain.</summary>
public sealed record AuditRecord(long Seq, AuditEntry Entry);
