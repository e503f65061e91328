namespace Actors.Abstractions.Users;

/// <summary>A validated grant or withdrawal, as the gateway hands it to the user grain.</summary>
[GenerateSerializer, Immutable]
public sealed record ConsentDecision(
    string Purpose,
    bool Granted,
    LawfulBasis LawfulBasis,
    string Source,
    string PolicyVersion,
    DateTimeOffset? OccurredAt);
