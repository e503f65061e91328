using Actors.Abstractions.Requests;
using Actors.V1;
using DomainStatus = Actors.Abstractions.Requests.RequestStatus;
using DomainType = Actors.Abstractions.Requests.RequestType;
using V1Status = Actors.V1.RequestStatus;
using V1Type = Actors.V1.RequestType;

namespace Actors.Api.Mapping;

/// <summary>From a request grain's state to the messages of the contract, and the contract's enums back.</summary>
public static class RequestMapper
{
    public static DataSubjectRequest ToMessage(DataSubjectRequestState request, DateTimeOffset now)
    {
        var message = new DataSubjectRequest
        {
            RequestId = request.RequestId.ToString("D"),
            Type = (V1Type)(int)request.Type,
            Status = (V1Status)(int)request.Status,
            UserId = request.UserId ?? "",
            ReceivedAt = UserMapper.Time(request.ReceivedAt),
            SubmittedAt = UserMapper.Time(request.SubmittedAt),
            DueAt = UserMapper.Time(RequestDeadlines.DueAt(request, now)),
            TargetAt = UserMapper.Time(RequestDeadlines.TargetAt(request, now)),
            ExpectedCompletionAt = UserMapper.Time(RequestDeadlines.ExpectedCompletion(request, now)),
            Overdue = RequestDeadlines.IsOverdue(request, now),
            IdentityVerificationPending = request.IsPaused,
            PausedSeconds = (long)RequestDeadlines.Paused(request, now).TotalSeconds,
            ExtendedMonths = request.ExtendedMonths,
            ExtensionReason = request.ExtensionReason,
            GraceEndsAt = UserMapper.Time(request.GraceEndsAt),
            AwaitingReview = request.AwaitingReview,
            Reason = request.Reason,
            ResultsCount = request.ResultsCount ?? 0,
            ExportExpiresAt = UserMapper.Time(request.ExportExpiresAt),
            ExportAvailable = request.ExportKept(now),
            ReceiptAvailable = request.Receipt is not null,
            CallbackUrls = { request.CallbackUrls },
            Channel = request.Channel,
            FailedRuns = request.FailedRuns,
            LastFailure = request.LastFailure,
        };
        message.History.AddRange(request.History.Select(t => new RequestEvent
        {
            Status = (V1Status)(int)t.Status,
            At = UserMapper.Time(t.At),
            Actor = t.Actor,
            Event = t.Event,
            Note = t.Note,
        }));
        return message;
    }

    /// <summary>The domain type of a contract type; null for unspecified or unknown values.</summary>
    public static DomainType? ToDomain(V1Type type) => Enum.IsDefined((DomainType)(int)type) ? (DomainType)(int)type : null;

    public static DomainStatus? ToDomain(V1Status status) => Enum.IsDefined((DomainStatus)(int)status) ? (DomainStatus)(int)status : null;
}
