using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Actors.Api.Users;

namespace Actors.Api.DeviceTokens;

/// <summary>
/// The token's bytes: <c>adt1.</c>, the claims as base64url JSON, a dot, and base64url of
/// HMAC-SHA256 over everything before that dot under the tenant's device-token key (derived from
/// the master key). Readable by the app (it may look at <c>exp</c> to refresh early), forgeable
/// by no one without the master key. docs/api.md ("Device tokens") describes it.
/// </summary>
public static class DeviceTokenFormat
{
    public const string Prefix = "adt1.";

    private static readonly (string Name, DeviceActions Action)[] ActionNames =
        [("events", DeviceActions.Events), ("suppress", DeviceActions.Suppress), ("forget", DeviceActions.Forget)];

    public static string Encode(DeviceTokenClaims claims, HmacPool signer)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload
        {
            Tenant = claims.TenantId,
            Subject = claims.UserReference,
            Generation = claims.Generation,
            Actions = ActionNames.Where(a => claims.Actions.HasFlag(a.Action)).Select(a => a.Name).ToArray(),
            IssuedAt = claims.IssuedAt.ToUnixTimeSeconds(),
            ExpiresAt = claims.ExpiresAt.ToUnixTimeSeconds(),
        });
        var signed = Prefix + Base64Url.EncodeToString(payload);
        return signed + "." + Base64Url.EncodeToString(Sign(signed, signer));
    }

    /// <summary>
    /// The claims of a token of <paramref name="tenantId"/> whose signature verifies under that
    /// tenant's <paramref name="signer"/>, or null and why not. Expiry is the caller's to check.
    /// </summary>
    public static DeviceTokenClaims? Decode(string token, string tenantId, HmacPool signer, out string? refusal)
    {
        refusal = "is not a device token (it must start with \"adt1.\" and have three parts)";
        var dot = token.LastIndexOf('.');
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || dot <= Prefix.Length || token.Length > 2048)
        {
            return null;
        }
        Payload? payload;
        byte[] mac;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(token.AsSpan(Prefix.Length, dot - Prefix.Length)));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
        if (payload is not { Tenant.Length: > 0, Subject.Length: > 0, Actions: not null })
        {
            return null;
        }
        if (payload.Tenant != tenantId)
        {
            refusal = "was issued for another tenant than the one of the API key";
            return null;
        }
        if (!CryptographicOperations.FixedTimeEquals(mac, Sign(token[..dot], signer)))
        {
            refusal = "does not verify: it was altered, or not issued by this platform for this tenant";
            return null;
        }
        refusal = null;
        var actions = ActionNames.Where(a => payload.Actions.Contains(a.Name)).Aggregate(DeviceActions.None, (all, a) => all | a.Action);
        return new DeviceTokenClaims(payload.Tenant, payload.Subject, payload.Generation, actions,
            DateTimeOffset.FromUnixTimeSeconds(payload.IssuedAt), DateTimeOffset.FromUnixTimeSeconds(payload.ExpiresAt));
    }

    private static byte[] Sign(string signed, HmacPool signer)
    {
        var mac = new byte[HMACSHA256.HashSizeInBytes];
        signer.Hash(Encoding.ASCII.GetBytes(signed), mac);
        return mac;
    }

    private sealed class Payload
    {
        [System.Text.Json.Serialization.JsonPropertyName("ten")] public string Tenant { get; init; } = "";
        [System.Text.Json.Serialization.JsonPropertyName("sub")] public string Subject { get; init; } = "";
        [System.Text.Json.Serialization.JsonPropertyName("gen")] public long Generation { get; init; }
        [System.Text.Json.Serialization.JsonPropertyName("act")] public string[]? Actions { get; init; }
        [System.Text.Json.Serialization.JsonPropertyName("iat")] public long IssuedAt { get; init; }
        [System.Text.Json.Serialization.JsonPropertyName("exp")] public long ExpiresAt { get; init; }
    }
}
