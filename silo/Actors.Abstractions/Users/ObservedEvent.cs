using System.Collections.Immutable;
using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// A validated event as the gateway hands it to the user grain. The grain counts it by name and
/// day; where the tenant keeps raw events, it also stores it encrypted, with its properties and
/// the country the gateway derived from the client address (the address itself is never passed on).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ObservedEvent(
    string Name,
    DateTimeOffset OccurredAt,
    [property: PersonalData] ImmutableDictionary<string, string>? Properties = null,
    string Country = "");
