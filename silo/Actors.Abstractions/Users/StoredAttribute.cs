namespace Actors.Abstractions.Users;

/// <summary>A profile attribute's value and the declared purpose it serves.</summary>
[GenerateSerializer, Immutable]
public sealed record StoredAttribute(string Value, string Purpose, DateTimeOffset UpdatedAt, int Rectifications);
