namespace Actors.Abstractions.Users;

/// <summary>The tombstone of a forgotten user: when, and how much was erased. No personal data.</summary>
[GenerateSerializer, Immutable]
public sealed record Erasure(DateTimeOffset ErasedAt, int AttributesErased, int ConsentRecordsErased);
