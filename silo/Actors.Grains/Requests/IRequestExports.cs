namespace Actors.Grains.Requests;

/// <summary>
/// Exports of access and portability requests, kept for the tenant's export retention. Sealed
/// under the user's data key, so that erasing the user (destroying the key) erases them too.
/// </summary>
public interface IRequestExports
{
    Task StoreAsync(SealedExport export);

    /// <summary>The request's export, or null if there is none (never made, expired, or erased).</summary>
    Task<SealedExport?> ReadAsync(string tenantId, Guid requestId);

    /// <summary>Deletes the request's export; true if there was one.</summary>
    Task<bool> DeleteAsync(string tenantId, Guid requestId);

    /// <summary>Deletes every export of the user; returns how many there were.</summary>
    Task<int> PurgeUserAsync(string tenantId, string userReference);
}
