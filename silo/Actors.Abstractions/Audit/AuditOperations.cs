namespace Actors.Abstractions.Audit;

/// <summary>The operations the audit trail names.</summary>
public static class AuditOperations
{
    public const string RequestTransition = "request.transition";
}
