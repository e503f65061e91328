namespace Actors.Grains.Keys;

/// <summary>Why a user's data key was destroyed, as the erasure ledger keeps it.</summary>
public enum ErasureKind
{
    /// <summary>A forget: the user reads as erased for good, and late writes are refused.</summary>
    Forgotten,

    /// <summary>The tenant's inactivity expiry: the user's data is gone, and the user may come back as new.</summary>
    Expired,
}
