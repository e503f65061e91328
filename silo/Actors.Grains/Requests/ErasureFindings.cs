namespace Actors.Grains.Requests;

/// <summary>What an independent re-read of every store found for one user after an erasure.</summary>
/// <param name="UserStateHoldsPersonalData">The user's stored grain state is more than a tombstone.</param>
/// <param name="RawEvents">Rows of the user in the raw events table.</param>
/// <param name="Exports">Exports of the user's requests still stored.</param>
/// <param name="DataKeys">The user's data keys in the key store.</param>
/// <param name="RequestsNamingUser">The subject's requests that still hold the user id or corrected values.</param>
public sealed record ErasureFindings(bool UserStateHoldsPersonalData, long RawEvents, long Exports, long DataKeys, long RequestsNamingUser)
{
    public bool NothingFound => !UserStateHoldsPersonalData && RawEvents == 0 && Exports == 0 && DataKeys == 0 && RequestsNamingUser == 0;
}
