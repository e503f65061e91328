using Orleans.Concurrency;

namespace Actors.Abstractions.Requests;

/// <summary>
/// One data subject request of one tenant, keyed by <see cref="RequestGrainKey"/>. It runs the
/// request's fulfilment (export, erasure, rectification, restriction, objection) on the user's
/// grain, keeps its deadlines, and queues a signed status callback with every transition, in
/// the same transaction as the transition.
/// </summary>
public interface IDataSubjectRequestGrain : IGrainWithStringKey
{
    /// <summary>Files the request; the same id again returns the request already filed (AlreadyExists if it differs).</summary>
    Task<DataSubjectRequestState> CreateAsync(NewDataSubjectRequest request);

    /// <summary>The request; NotFound if it was never filed.</summary>
    [ReadOnly]
    Task<DataSubjectRequestState> GetAsync();

    /// <summary>Cancels a pending request (an erasure during its grace period); FailedPrecondition once it runs.</summary>
    Task<DataSubjectRequestState> CancelAsync(string actor, string reason);

    /// <summary>Extends the legal deadline by 1 or 2 months in all (Art. 12(3)); the reason is required and recorded.</summary>
    Task<DataSubjectRequestState> ExtendAsync(string actor, int months, string reason);

    /// <summary>Records that the subject's identity is verified: the clock runs again and the request proceeds.</summary>
    Task<DataSubjectRequestState> VerifyIdentityAsync(string actor);

    /// <summary>Approves a request held for review by the tenant's policy: it proceeds.</summary>
    Task<DataSubjectRequestState> ApproveAsync(string actor);

    /// <summary>Refuses an open request, with the reason the subject will be told (Art. 12(4)).</summary>
    Task<DataSubjectRequestState> DenyAsync(string actor, string reason);

    /// <summary>
    /// Told by an erasure of the same subject: a pending request is denied (nothing is left to act
    /// on, and its copy of the subject's id goes), a completed export is marked deleted.
    /// </summary>
    Task SubjectErasedAsync(Guid erasureRequestId);

    /// <summary>The export of a completed access or portability request; NotFound once it expired. The read is audited as <paramref name="actor"/>'s.</summary>
    [ReadOnly]
    Task<string> GetExportAsync(string actor);
}
