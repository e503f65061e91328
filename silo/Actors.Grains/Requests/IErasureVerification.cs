namespace Actors.Grains.Requests;

/// <summary>
/// Checks an erasure without trusting the code that did it: re-reads each store straight from
/// its database (grain state, raw events, exports, key store) for anything left of the user.
/// </summary>
public interface IErasureVerification
{
    /// <param name="userGrainId">The user grain's id as stored (its state row's key).</param>
    Task<ErasureFindings> InspectAsync(string tenantId, string userReference, string userGrainId);
}
