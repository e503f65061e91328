using Actors.Grains.Placement;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Requests;
using Actors.Abstractions.Tenants;
using Actors.Grains.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Actors.Grains.Requests;

/// <summary>
/// Owns one data subject request: its status, deadlines and history, and the run of its
/// fulfilment. Not reentrant, so a transition always follows the one before it. Work is driven
/// by a one-shot timer when the request becomes ready, and by a durable reminder that keeps
/// looking while anything is outstanding (a grace period, a failed run, an export to expire),
/// so a silo lost in the middle only delays it.
/// </summary>
[TenantPlacement]
public sealed partial class DataSubjectRequestGrain(
    IRequestStore store,
    IRequestExports exports,
    IUserDataKeys dataKeys,
    RequestFulfilment fulfilment,
    IAuditTrail audit,
    TimeProvider clock,
    IOptions<RequestProcessingOptions> options,
    ILogger<DataSubjectRequestGrain> logger) : Grain, IDataSubjectRequestGrain, IRemindable
{
    private const string Reminder = "request";

    /// <summary>Failed runs after which each further failure is logged as an error: the request needs an operator.</summary>
    private const int FailedRunsBeforeAlarm = 10;

    private DataSubjectRequestState _state = new();
    private bool _reminderSet;

    /// <summary>The one-shot timer that runs a request as soon as it is ready, rather than at the reminder's next look.</summary>
    private IGrainTimer? _runNow;

    private DateTimeOffset Now => clock.GetUtcNow();

    private (string TenantId, Guid RequestId) Identity => RequestGrainKey.Parse(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (tenantId, requestId) = Identity;
        _state = await store.ReadAsync(tenantId, requestId) ?? new DataSubjectRequestState { TenantId = tenantId, RequestId = requestId };
        if (NeedsTimer(_state))
        {
            // A new activation (after a restart, or a silo lost) picks up where the last one stopped.
            await ScheduleAsync();
        }
    }

    public async Task<DataSubjectRequestState> CreateAsync(NewDataSubjectRequest request)
    {
        if (_state.Exists)
        {
            if (!IsSameRequest(_state, request))
            {
                throw new DomainException(DomainError.AlreadyExists,
                    $"request {_state.RequestId:D} was already filed with other contents (subject, type, callbacks or corrections); choose a new request id", "request_id");
            }
            await ScheduleAsync();
            return _state;
        }
        var policy = (await Tenant.GetAsync()).Requests;
        var now = Now;
        var created = _state with
        {
            Type = request.Type,
            Status = RequestStatus.Pending,
            // Only an export names the user; every other request works on the pseudonym alone.
            UserId = request.Type is RequestType.Access or RequestType.Portability ? request.UserId : null,
            UserReference = request.UserReference,
            ReceivedAt = now,
            SubmittedAt = request.SubmittedAt,
            CallbackUrls = request.CallbackUrls,
            Channel = request.Channel,
            VerificationPendingSince = request.IdentityVerified ? null : now,
            SlaDays = policy.SlaDays,
            GraceEndsAt = request.Type == RequestType.Erasure && policy.ErasureGraceHours > 0 ? now.AddHours(policy.ErasureGraceHours) : null,
            AwaitingReview = policy.ReviewBeforeProcessing,
            Rectifications = request.Rectifications,
            ObjectionPurposes = request.ObjectionPurposes,
        };
        await TransitionAsync(created, request.Actor, "received", "");
        await ScheduleAsync();
        return _state;
    }

    public Task<DataSubjectRequestState> GetAsync() => Task.FromResult(RequireExists());

    public async Task<DataSubjectRequestState> CancelAsync(string actor, string reason)
    {
        var current = RequireExists();
        if (current.Status == RequestStatus.Cancelled)
        {
            return current;
        }
        if (current.Status != RequestStatus.Pending)
        {
            throw new DomainException(DomainError.FailedPrecondition,
                $"request {current.RequestId:D} is {OpenDsrNames.Of(current.Status)}; only a pending request can be cancelled", "request_id");
        }
        if (current.GraceEndsAt is { } graceEnd && Now >= graceEnd && !current.IsPaused && !current.AwaitingReview)
        {
            await ScheduleAsync();
            throw new DomainException(DomainError.FailedPrecondition,
                $"the grace period of erasure {current.RequestId:D} ended at {graceEnd:O}; the erasure runs now and can no longer be cancelled", "request_id");
        }
        return await FinishAsync(current with { Status = RequestStatus.Cancelled, Reason = reason }, actor, "cancelled", reason);
    }

    public async Task<DataSubjectRequestState> ExtendAsync(string actor, int months, string reason)
    {
        var current = RequireOpen();
        if (months < 1 || months > RequestDeadlines.MaxExtensionMonths - current.ExtendedMonths)
        {
            throw new DomainException(DomainError.InvalidArgument,
                $"a deadline may be extended by at most {RequestDeadlines.MaxExtensionMonths} months in all; it is extended by {current.ExtendedMonths} already, and {months} were asked", "months");
        }
        if (reason.Trim().Length == 0)
        {
            throw new DomainException(DomainError.InvalidArgument, "an extension needs its reason recorded (GDPR Art. 12(3))", "reason");
        }
        var now = Now;
        if (RequestDeadlines.IsOverdue(current, now))
        {
            throw new DomainException(DomainError.FailedPrecondition,
                $"the deadline passed at {RequestDeadlines.DueAt(current, now):O}; an extension must be decided before it", "months");
        }
        return await TransitionAsync(current with { ExtendedMonths = current.ExtendedMonths + months, ExtensionReason = reason }, actor, "extended", reason);
    }

    public async Task<DataSubjectRequestState> VerifyIdentityAsync(string actor)
    {
        if (AlreadyReleased(RequireExists(), _state.IsPaused))
        {
            return _state;
        }
        var current = RequireOpen();
        if (current.VerificationPendingSince is not { } since)
        {
            return current;
        }
        var paused = Now > since ? Now - since : TimeSpan.Zero;
        await TransitionAsync(current with { VerificationPendingSince = null, PausedFor = current.PausedFor + paused }, actor, "identity_verified", "");
        await ScheduleAsync();
        return _state;
    }

    public async Task<DataSubjectRequestState> ApproveAsync(string actor)
    {
        if (AlreadyReleased(RequireExists(), _state.AwaitingReview))
        {
            return _state;
        }
        var current = RequireOpen();
        if (!current.AwaitingReview)
        {
            return current;
        }
        await TransitionAsync(current with { AwaitingReview = false }, actor, "approved", "");
        await ScheduleAsync();
        return _state;
    }

    public async Task<DataSubjectRequestState> DenyAsync(string actor, string reason)
    {
        var current = RequireExists();
        if (current.Status == RequestStatus.Denied)
        {
            return current;
        }
        if (current.Status != RequestStatus.Pending)
        {
            throw new DomainException(DomainError.FailedPrecondition,
                $"request {current.RequestId:D} is {OpenDsrNames.Of(current.Status)}; only a pending request can be denied", "request_id");
        }
        if (reason.Trim().Length == 0)
        {
            throw new DomainException(DomainError.InvalidArgument, "a denial needs the reason the subject will be told (GDPR Art. 12(4))", "reason");
        }
        return await FinishAsync(current with { Status = RequestStatus.Denied, Reason = reason }, actor, "denied", reason);
    }

    public async Task SubjectErasedAsync(Guid erasureRequestId)
    {
        if (!_state.Exists)
        {
            return;
        }
        var note = $"the subject was erased by request {erasureRequestId:D}";
        if (_state.Status == RequestStatus.Pending)
        {
            await FinishAsync(_state with { Status = RequestStatus.Denied, Reason = $"{note}; nothing is left to act on" }, AuditNames.Platform, "denied", note);
        }
        else if (_state.IsFinal && _state.HoldsExport)
        {
            await TransitionAsync(_state with { ExportDeleted = true }, AuditNames.Platform, "export_deleted", note);
        }
        // One in progress finishes by itself and drops the subject's id then; the erasure's check waits for it.
    }

    public async Task<string> GetExportAsync(string actor)
    {
        var current = RequireExists();
        if (current.Type is not (RequestType.Access or RequestType.Portability))
        {
            throw new DomainException(DomainError.FailedPrecondition, $"request {current.RequestId:D} is an {OpenDsrNames.Of(current.Type)} request; only access and portability have an export", "request_id");
        }
        if (current.Status != RequestStatus.Completed)
        {
            throw new DomainException(DomainError.FailedPrecondition, $"request {current.RequestId:D} is {OpenDsrNames.Of(current.Status)}; its export exists once it is completed", "request_id");
        }
        var sealedExport = current.ExportKept(Now) ? await exports.ReadAsync(current.TenantId, current.RequestId) : null;
        var key = sealedExport is null ? null : await dataKeys.FindAsync(current.TenantId, current.UserReference);
        if (sealedExport is null || key is null || key.KeyId != sealedExport.KeyId)
        {
            throw new DomainException(DomainError.NotFound, current.ExportExpiresAt is null
                ? $"request {current.RequestId:D} found nothing held about the subject, so there is no export"
                : $"the export of request {current.RequestId:D} is no longer kept (kept until {current.ExportExpiresAt:O}, or erased with the user)", "request_id");
        }
        var json = ExportSealing.Open(sealedExport, key);
        await audit.RecordAsync(new AuditEntry(current.TenantId, actor, AuditOperations.RequestExportRead, current.UserReference, AuditNames.Request(current.RequestId), Now));
        return json;
    }

    private static bool IsSameRequest(DataSubjectRequestState filed, NewDataSubjectRequest again) =>
        filed.Type == again.Type && filed.UserReference == again.UserReference
        && filed.CallbackUrls.SequenceEqual(again.CallbackUrls) && filed.ObjectionPurposes.SequenceEqual(again.ObjectionPurposes)
        // A final rectification no longer holds its corrections: a retry of it is the same request.
        && (filed.IsFinal || filed.Rectifications.Count == again.Rectifications.Count && !filed.Rectifications.Except(again.Rectifications).Any());

    /// <summary>
    /// A release (verification, approval) sent again after it took effect, e.g. by a client whose
    /// answer was lost: it returns the request as it is, even once it has run. Only a request
    /// ended without running (cancelled, denied) refuses it.
    /// </summary>
    private static bool AlreadyReleased(DataSubjectRequestState request, bool stillHeld) =>
        !stillHeld && request.Status is not (RequestStatus.Cancelled or RequestStatus.Denied);

    private ITenantGrain Tenant => GrainFactory.GetGrain<ITenantGrain>(_state.TenantId);

    private DataSubjectRequestState RequireExists() =>
        _state.Exists ? _state : throw new DomainException(DomainError.NotFound, $"no request '{Identity.RequestId:D}'", "request_id");

    private DataSubjectRequestState RequireOpen()
    {
        var current = RequireExists();
        return current.IsFinal
            ? throw new DomainException(DomainError.FailedPrecondition, $"request {current.RequestId:D} is {OpenDsrNames.Of(current.Status)} already", "request_id")
            : current;
    }
}
