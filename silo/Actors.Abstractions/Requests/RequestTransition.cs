namespace Actors.Abstractions.Requests;

/// <summary>One step in a request's life, kept in its history.</summary>
/// <param name="Actor">The API key id that caused it, or "platform" for the platform's own processing.</param>
/// <param name="Note">Why, where there is a why (a denial or extension reason); never personal data.</param>
[GenerateSerializer, Immutable]
public sealed record RequestTransition(
    RequestStatus Status,
    DateTimeOffset At,
    string Actor,
    string Event,
    string Note);
