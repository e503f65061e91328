namespace Actors.Api.DeviceTokens;

/// <summary>
/// What a device token says: the tenant, the user (as the pseudonymous reference grain keys
/// are built from, never the user id), the user's token generation when it was issued, what it
/// allows, and when it stops working.
/// </summary>
public sealed record DeviceTokenClaims(
    string TenantId,
    string UserReference,
    long Generation,
    DeviceActions Actions,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt);
