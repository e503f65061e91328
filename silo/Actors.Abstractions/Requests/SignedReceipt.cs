namespace Actors.Abstractions.Requests;

/// <summary>
/// Proof that an erasure was done: a JSON document and the platform's signature over its exact
/// UTF-8 bytes (ECDSA P-256, SHA-256, DER, base64). Anyone with the public key from discovery
/// can check it; a changed byte fails.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SignedReceipt(
    string Json,
    string Signature,
    string KeyId);
