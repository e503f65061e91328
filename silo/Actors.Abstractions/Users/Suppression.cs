using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>Why and since when nothing new about the user is kept.</summary>
[GenerateSerializer, Immutable]
public sealed record Suppression(DateTimeOffset Since, [property: PersonalData] string Reason);
