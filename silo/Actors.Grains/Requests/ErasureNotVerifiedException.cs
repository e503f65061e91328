namespace Actors.Grains.Requests;

/// <summary>The check after an erasure still found data: no receipt; the request stays in progress and is retried.</summary>
public sealed class ErasureNotVerifiedException(ErasureFindings findings)
    : Exception($"the erasure check still found data: user state {(findings.UserStateHoldsPersonalData ? "not a tombstone" : "clean")}, " +
        $"{findings.RawEvents} raw events, {findings.Exports} exports, {findings.DataKeys} data keys, {findings.RequestsNamingUser} requests naming the user")
{
    public ErasureFindings Findings { get; } = findings;
}
