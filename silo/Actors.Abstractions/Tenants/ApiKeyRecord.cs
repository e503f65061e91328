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
    public bool IsActive => RevokedAt is null;
}
