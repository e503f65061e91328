namespace Actors.Abstractions.Tenants;

/// <summary>A tenant key as stored: the SHA-256 of its secret, never the secret.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiKeyRecord(
    string KeyId,
    ApiKeyKind Kind,
    string Label,
    byte[] SecretHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>
    /// For a device key: events may be sent without a user token, for anonymous device ids only
    /// (<see cref="Users.AnonymousDeviceIds"/>). Off unless the operator turns it on.
    /// </summary>
    [Id(6)] public bool AllowsAnonymousEvents { get; init; }

    public bool IsActive => RevokedAt is null;
}
