namespace Actors.Abstractions.Tenants;

/// <summary>A newly issued key and its plaintext, which is not kept anywhere.</summary>
[GenerateSerializer, Immutable]
public sealed record IssuedApiKey(ApiKeyRecord Record, string PlaintextKey);
