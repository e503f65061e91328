namespace Actors.Abstractions.Audit;

/// <summary>What a tenant may read of its own audit trail.</summary>
public interface IAuditReader
{
    /// <summary>The user's entries after <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ListForUserAsync(string tenantId, string userReference, long afterSeq, int limit, CancellationToken cancellation);

    /// <summary>Recomputes the tenant's chain from its newest checkpoint to its head.</summary>
    Task<AuditVerification> VerifyAsync(string tenantId, CancellationToken cancellation);
}
