using Actors.Abstractions.Privacy;

namespace Actors.Abstractions.Users;

/// <summary>
/// The key of a user grain: the tenant id and a pseudonymous reference to the user id
/// (see the gateway's UserReferences), so that no user id is ever written to storage.
/// </summary>
public static class UserGrainKey
{
    public static string For(string tenantId, [Pseudonymous] string userReference) => $"{tenantId}/{userReference}";

    /// <summary>The tenant id and user reference a key was built from.</summary>
    public static (string TenantId, string UserReference) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"'{key}' is not a user grain key", nameof(key));
    }
}
