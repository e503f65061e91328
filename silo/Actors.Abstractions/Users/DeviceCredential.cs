namespace Actors.Abstractions.Users;

/// <summary>
/// A call made by a device for its user, with a user token the gateway verified: the grain
/// refuses it if the user's tokens were revoked after the token was issued.
/// </summary>
/// <param name="TokenGeneration">The user's token generation the token was issued under.</param>
[GenerateSerializer, Immutable]
public sealed record DeviceCredential(long TokenGeneration);
