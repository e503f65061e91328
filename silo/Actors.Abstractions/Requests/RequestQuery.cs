namespace Actors.Abstractions.Requests;

/// <summary>A filter over one tenant's requests; unset fields do not filter.</summary>
/// <param name="DueBefore">Open requests whose legal deadline or SLA target falls before this time (due soon, or overdue).</param>
/// <param name="OverdueAt">Open requests past their legal deadline at this time.</param>
/// <param name="After">Paging: requests received after the one with this id, in order of receipt.</param>
public sealed record RequestQuery(
    RequestStatus? Status,
    RequestType? Type,
    DateTimeOffset? DueBefore,
    DateTimeOffset? OverdueAt,
    Guid? After,
    int Limit);
