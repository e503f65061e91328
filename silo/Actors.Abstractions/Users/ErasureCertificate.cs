namespace Actors.Abstractions.Users;

/// <summary>What a forget call did; <paramref name="ErasedNow"/> is false when the user was already erased.</summary>
[GenerateSerializer, Immutable]
public sealed record ErasureCertificate(Erasure Erasure, bool ErasedNow);
