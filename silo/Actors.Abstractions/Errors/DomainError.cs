namespace Actors.Abstractions.Errors;

/// <summary>Why a grain refused a call; the gateway maps each to one gRPC status code.</summary>
public enum DomainError
{
    NotFound = 0,
    AlreadyExists = 1,
    Erased = 2,
    Suppressed = 3,
    InvalidArgument = 4,
    LimitReached = 5,
    StorageUnavailable = 6,
    /// <summary>The call does not fit the current state (a finished request cannot be cancelled).</summary>
    FailedPrecondition = 7,
    /// <summary>Another activation wrote first (a silo was lost meanwhile); nothing was stored.</summary>
    Conflict = 8,
    /// <summary>The credential does not allow this call (a device token revoked since it was issued).</summary>
    PermissionDenied = 9,
    /// <summary>Stored data does not open: altered, or copied from another record. Nothing was changed.</summary>
    Corrupted = 10,
    /// <summary>The silos that may hold this tenant's data are not running (dedicated silos down); nothing was changed.</summary>
    Unavailable = 11,
}
