using Actors.Abstractions.Requests;

namespace Actors.PrivacyConsole.Reading;

/// <summary>A request as the console lists it: its user only as the pseudonymous reference, never the id.</summary>
public sealed record RequestRow(
    Guid RequestId,
    string Type,
    string Status,
    string UserReference,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    bool Overdue,
    bool Paused,
    bool Final,
    IReadOnlyList<RequestTransition> Timeline)
{
    public static RequestRow From(DataSubjectRequestState request, DateTimeOffset now) => new(
        request.RequestId,
        OpenDsrNames.Of(request.Type),
        OpenDsrNames.Of(request.Status),
        request.UserReference,
        request.ReceivedAt,
        RequestDeadlines.DueAt(request, now),
        RequestDeadlines.IsOverdue(request, now),
        request.IsPaused,
        request.IsFinal,
        request.History);
}
