namespace Actors.Grains.RawEvents;

/// <summary>
/// A raw event as stored: who and when in the clear (to find and expire rows), everything else
/// (name, properties, country) in <see cref="Payload"/>, sealed under the user's data key.
/// </summary>
public sealed record SealedEvent(
    string TenantId,
    string UserReference,
    DateTimeOffset OccurredAt,
    DateTimeOffset ReceivedAt,
    Guid KeyId,
    byte[] Nonce,
    byte[] Payload);
