namespace Actors.Silo.Sealing;

/// <summary>A value sealed under a user's data key: the key's id, the nonce and the ciphertext with its tag, stored side by side.</summary>
public sealed record SealedPayload(Guid KeyId, byte[] Nonce, byte[] Ciphertext);
