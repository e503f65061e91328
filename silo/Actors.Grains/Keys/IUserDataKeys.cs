namespace Actors.Grains.Keys;

/// <summary>
/// The key store: one data key per user, kept wrapped by the tenant's key. It seals the user's
/// state, raw events, exports and request subjects. It is a store of its own, apart from the
/// data, so that destroying a key here makes every copy of that user's data unreadable,
/// backups of the data included.
/// </summary>
public interface IUserDataKeys
{
    /// <summary>The user's key, or null if the user has none.</summary>
    Task<UserDataKey?> FindAsync(string tenantId, string userReference);

    /// <summary>The user's key, created and durably stored first if the user has none (then <c>Created</c>).</summary>
    Task<(UserDataKey Key, bool Created)> GetOrCreateAsync(string tenantId, string userReference);

    /// <summary>
    /// Records the erasure in the erasure ledger, then deletes the user's key for good; true if
    /// there was one. The ledger outlives restores of the data and of the key store, so a
    /// destroyed key is destroyed again and its sealed rows read as erased.
    /// </summary>
    Task<bool> DestroyAsync(string tenantId, string userReference, ErasureKind kind);
}
