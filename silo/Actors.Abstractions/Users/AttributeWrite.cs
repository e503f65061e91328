using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>A validated attribute value with the purpose its tenant declared for it.</summary>
[GenerateSerializer, Immutable]
public sealed record AttributeWrite(string Name, [property: AttributeValue] string Value, string Purpose);
