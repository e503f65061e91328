namespace Actors.Abstractions.Audit;

/// <summary>What a tenant may read of its own audit trail.</summary>
public interface IAuditReader
{
    /// <summary>The user's entries after <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ListForUserAsync(string tenantId, string userReference, long afterSeq, int limit, CancellationToken cancellation);

    /// <summary>Recomputes the tenant's chain from its newest checkpoint to its head.</summary>
    /// <param name="progress">Told of the entries checked out of the total as the check goes (a console, a terminal); may be null.</param>
    Task<AuditVerification> VerifyAsync(string tenantId, IProgress<AuditProgress>? progress, CancellationToken cancellation);
}
