namespace Actors.Abstractions.Audit;

/// <summary>
/// One line of the audit trail. It holds no personal data: the user appears only as the
/// pseudonymous reference (HMAC of the user id under a tenant key), the actor as a key id.
/// </summary>
/// <param name="Actor">The API key id that acted, "operator" for the operator key, or "platform" for timers.</param>
/// <param name="Operation">What was done, one of <see cref="AuditOperations"/>.</param>
/// <param name="UserReference">The user concerned, pseudonymous; null for tenant-wide operations.</param>
/// <param name="Subject">What else the operation concerned: a request id, a key id, attribute names. Never a value.</param>
public sealed record AuditEntry(string TenantId, string Actor, string Operation, string? UserReference, string Subject, DateTimeOffset At);
