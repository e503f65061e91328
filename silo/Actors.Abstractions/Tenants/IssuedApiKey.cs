using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Tenants;

/// <summary>A newly issued key and its plaintext, which is not kept anywhere.</summary>
[GenerateSerializer, Immutable]
public sealed record IssuedApiKey(ApiKeyRecord Record, [property: Secret] string PlaintextKey);
