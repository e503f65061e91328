namespace Actors.Abstractions.Requests;

/// <summary>Where a request stands; the last three are final.</summary>
public enum RequestStatus
{
    Pending = 1,
    InProgress = 2,
    Completed = 3,
    Cancelled = 4,
    Denied = 5,
}
