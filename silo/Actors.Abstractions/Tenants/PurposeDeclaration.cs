namespace Actors.Abstractions.Tenants;

/// <summary>A purpose of processing the tenant declared.</summary>
[GenerateSerializer, Immutable]
public sealed record PurposeDeclaration(string Name, string Description);
