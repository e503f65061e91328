namespace Actors.Api.Authentication;

/// <summary>How a refusal names the kind of key a method needs and the kind a call presented.</summary>
public static class KeyKinds
{
    public static string Needed(string? policy) => policy switch
    {
        Policies.ServerKey => "a tenant server key",
        Policies.AnyTenantKey => "a tenant server key, or a device key with its user's token",
        Policies.Operator => "the operator key",
        _ => "another kind of key",
    };

    public static string Presented(string? role) => role switch
    {
        ApiKeyDefaults.OperatorRole => "the operator key (it administers tenants and reads no tenant's users)",
        ApiKeyDefaults.ServerRole => "a tenant server key",
        ApiKeyDefaults.DeviceRole => "a tenant device key (it may only send events, suppress, unsuppress and forget, each with its user's token)",
        _ => "no recognised key",
    };
}
