namespace Actors.Abstractions.Security;

/// <summary>What a key derived from the master key for one tenant is for.</summary>
public enum TenantKeyUse
{
    /// <summary>HMAC of user ids into the pseudonymous references grain keys are built from.</summary>
    UserReference,

    /// <summary>Wraps the data keys of the tenant's users (envelope encryption of raw events).</summary>
    KeyEncryption,

    /// <summary>Signs the device tokens a tenant's backend has the platform issue for one user.</summary>
    DeviceToken,
}
