namespace Actors.Abstractions.Requests;

/// <summary>Lists a tenant's requests from storage, for queries across requests (what is due, what is overdue).</summary>
public interface IRequestDirectory
{
    Task<IReadOnlyList<DataSubjectRequestState>> ListAsync(string tenantId, RequestQuery query, CancellationToken cancellationToken);
}
