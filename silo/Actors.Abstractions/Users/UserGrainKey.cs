namespace Actors.Abstractions.Users;

/// <summary>
/// The key of a user grain: the tenant id and a pseudonymous reference to the user id
/// (see the gateway's UserReferences), so that no user id is ever written to storage.
/// </summary>
public static class UserGrainKey
{
    public static string For(string tenantId, string userReference) => $"{tenantId}/{userReference}";
}
