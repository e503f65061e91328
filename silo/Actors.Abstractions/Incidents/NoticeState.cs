namespace Actors.Abstractions.Incidents;

/// <summary>Where one tenant's notice stands; the contract's NoticeState, value for value.</summary>
public enum NoticeState
{
    Pending = 1,
    Delivered = 2,
    Acknowledged = 3,
    Overdue = 4,
}
