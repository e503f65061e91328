using Actors.Abstractions.Audit;
using Actors.Abstractions.Requests;

namespace Actors.Grains.Requests;

/// <summary>
/// Where requests are kept. A save, the callbacks of its transition and its audit entry are one
/// transaction: no transition is acknowledged without its callbacks queued and its entry in the
/// trail, and neither is written for a transition that did not happen.
/// </summary>
public interface IRequestStore
{
    /// <summary>The stored request, or null if it was never filed.</summary>
    Task<DataSubjectRequestState?> ReadAsync(string tenantId, Guid requestId);

    /// <summary>The ids of the subject's access, portability, rectification, restriction and objection requests, any status.</summary>
    Task<IReadOnlyList<Guid>> OtherThanErasuresOfAsync(string tenantId, string userReference);

    /// <summary>
    /// Stores <paramref name="next"/> if the stored version is still <paramref name="next"/>.Version - 1
    /// (none for version 1), queueing <paramref name="callbacks"/> and appending <paramref name="audit"/>
    /// with it; a stale write fails and stores nothing.
    /// </summary>
    Task SaveAsync(DataSubjectRequestState next, IReadOnlyList<CallbackMessage> callbacks, AuditEntry? audit);
}
