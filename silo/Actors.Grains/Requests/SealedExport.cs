namespace Actors.Grains.Requests;

/// <summary>An export as stored: sealed with AES-256-GCM under the user's data key.</summary>
public sealed record SealedExport(string TenantId, Guid RequestId, string UserReference, Guid KeyId, byte[] Nonce, byte[] Payload, DateTimeOffset ExpiresAt);
