using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>A consent decision as recorded: the evidence GDPR Art. 7(1) asks the tenant to keep.</summary>
[GenerateSerializer, Immutable]
public sealed record ConsentRecord(
    string Purpose,
    bool Granted,
    LawfulBasis LawfulBasis,
    [property: ConsentSource] string Source,
    string PolicyVersion,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt);
