using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// A profile attribute: its value and the declared purpose it serves. A struct, so that a user's
/// attributes lie inline in one array (<see cref="UserAttributes"/>) rather than as an object each.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct StoredAttribute(string Name, [property: AttributeValue] string Value, string Purpose, DateTimeOffset UpdatedAt, int Rectifications);
