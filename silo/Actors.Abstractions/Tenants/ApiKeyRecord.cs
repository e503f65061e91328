using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Tenants;

/// <summary>A tenant key as stored: the SHA-256 of its secret, never the secret.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyRecord(
    string KeyId,
    ApiKeyKind Kind,
    string Label,
    [property: Secret] byte[] SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>
    /// For a device key: events may be sent without a user token, for anonymous device ids only
    /// (<see cref="Users.AnonymousDeviceIds"/>). Off unless the operator turns it on.
    /// </summary>
    [Id(6)] public bool AllowsAnonymousEvents { get; init; }

    /// <summary>
    /// For a server key bound to a client certificate: the lower-case hex SHA-256 of that
    /// certificate's DER encoding; a call with the key must present it. Null when unbound.
    /// </summary>
    [Id(7)] public string? ClientCertificateSha256 { get; init; }

    public bool IsActive => RevokedAt is null;
}
