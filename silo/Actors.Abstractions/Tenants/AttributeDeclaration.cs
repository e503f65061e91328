namespace Actors.Abstractions.Tenants;

/// <summary>An attribute the tenant may keep, and the purpose it serves.</summary>
[GenerateSerializer, Immutable]
public sealed record AttributeDeclaration(string Name, string Purpose, string Description);
