using System.Collections.Immutable;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>One kept event, decrypted, as the user's export shows it.</summary>
[GenerateSerializer, Immutable]
public sealed record RawEvent(
    string Name,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    [property: PersonalData] ImmutableDictionary<string, string> Properties,
    string Country);
