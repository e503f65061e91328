using System.Collections.Immutable;
using System.Text.Json;
using Actors.Abstractions.Users;
using Actors.Grains.Keys;

namespace Actors.Grains.RawEvents;

/// <summary>Turns an event into a stored row sealed under the user's data key, and back.</summary>
public static class EventSealing
{
    public static SealedEvent Seal(string tenantId, string userReference, UserDataKey key, ObservedEvent observed, DateTimeOffset receivedAt)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new Payload(observed.Name, observed.Properties ?? ImmutableDictionary<string, string>.Empty, observed.Country));
        var (nonce, sealedPayload) = KeyWrapping.Seal(key.Key, payload, KeyWrapping.UserContext(tenantId, userReference, key.KeyId));
        return new SealedEvent(tenantId, userReference, observed.OccurredAt, receivedAt, key.KeyId, nonce, sealedPayload);
    }

    /// <summary>The event; throws a <see cref="System.Security.Cryptography.CryptographicException"/> unless <paramref name="key"/> sealed it.</summary>
    public static RawEvent Open(SealedEvent stored, UserDataKey key)
    {
        var plaintext = KeyWrapping.Open(key.Key, stored.Nonce, stored.Payload, KeyWrapping.UserContext(stored.TenantId, stored.UserReference, stored.KeyId));
        var payload = JsonSerializer.Deserialize<Payload>(plaintext)!;
        return new RawEvent(payload.Name, stored.OccurredAt, stored.ReceivedAt, payload.Properties, payload.Country);
    }

    private sealed record Payload(string Name, ImmutableDictionary<string, string> Properties, string Country);
}
