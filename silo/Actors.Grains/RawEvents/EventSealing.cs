using System.Buffers;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Actors.Abstractions.Users;
using Actors.Grains.Keys;

namespace Actors.Grains.RawEvents;

/// <summary>
/// Turns events into stored rows sealed under the user's data key, and back. The payload is a
/// small JSON object: {"n": name, "p": {properties}, "c": country}.
/// </summary>
public static class EventSealing
{
    /// <summary>The events as rows, each sealed under <paramref name="key"/> with a random nonce of its own.</summary>
    public static List<SealedEvent> Seal(string tenantId, string userReference, UserDataKey key, IEnumerable<ObservedEvent> events, DateTimeOffset receivedAt)
    {
        var batch = events as IReadOnlyCollection<ObservedEvent> ?? [.. events];
        // One draw of randomness for the whole batch: each event's 96-bit nonce is a slice of it.
        var nonces = RandomNumberGenerator.GetBytes(batch.Count * KeyWrapping.NonceSize);
        using var aes = new AesGcm(key.Key, KeyWrapping.TagSize);
        var buffer = new ArrayBufferWriter<byte>(256);
        using var json = new Utf8JsonWriter(buffer);
        var rows = new List<SealedEvent>(batch.Count);
        var offset = 0;
        foreach (var observed in batch)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            WritePayload(json, observed);
            var nonce = nonces[offset..(offset + KeyWrapping.NonceSize)];
            offset += KeyWrapping.NonceSize;
            var context = KeyWrapping.EventContext(tenantId, userReference, key.KeyId, observed.OccurredAt, receivedAt);
            var sealedPayload = KeyWrapping.Seal(aes, nonce, buffer.WrittenSpan, context);
            rows.Add(new SealedEvent(tenantId, userReference, observed.OccurredAt, receivedAt, key.KeyId, nonce, sealedPayload));
        }
        return rows;
    }

    /// <summary>The event; throws a <see cref="CryptographicException"/> unless <paramref name="key"/> sealed it.</summary>
    public static RawEvent Open(SealedEvent stored, UserDataKey key)
    {
        var context = KeyWrapping.EventContext(stored.TenantId, stored.UserReference, stored.KeyId, stored.OccurredAt, stored.ReceivedAt);
        var plaintext = KeyWrapping.Open(key.Key, stored.Nonce, stored.Payload, context);
        using var payload = JsonDocument.Parse(plaintext);
        var root = payload.RootElement;
        var properties = root.GetProperty("p").EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
        return new RawEvent(root.GetProperty("n").GetString()!, stored.OccurredAt, stored.ReceivedAt, properties, root.GetProperty("c").GetString()!);
    }

    private static void WritePayload(Utf8JsonWriter json, ObservedEvent observed)
    {
        json.WriteStartObject();
        json.WriteString("n", observed.Name);
        json.WriteStartObject("p");
        foreach (var (name, value) in observed.Properties ?? ImmutableDictionary<string, string>.Empty)
        {
            json.WriteString(name, value);
        }
        json.WriteEndObject();
        json.WriteString("c", observed.Country);
        json.WriteEndObject();
        json.Flush();
    }
}
