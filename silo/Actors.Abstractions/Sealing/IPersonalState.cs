namespace Actors.Abstractions.Sealing;

/// <summary>
/// Grain state about one person. The grain storage seals it under that person's data key
/// before it leaves the silo, so that destroying the key shreds every copy of it: rows, dumps,
/// replicas, WAL. A state that holds nothing personal (a tombstone) is stored in clear, since
/// its key is gone by then.
/// </summary>
public interface IPersonalState
{
    /// <summary>False for a state that names or describes nobody: it is stored in clear.</summary>
    bool HoldsPersonalData { get; }

    /// <summary>
    /// What a stored state reads as once its key was destroyed by an erasure the ledger records
    /// (a backup from before the erasure, restored): <paramref name="forgotten"/> gives the
    /// tombstone of a forget, otherwise (an expiry) a state that does not exist.
    /// </summary>
    IPersonalState AfterErasure(DateTimeOffset erasedAt, bool forgotten);
}
