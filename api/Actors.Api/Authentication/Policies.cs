using Microsoft.AspNetCore.Authorization;

namespace Actors.Api.Authentication;

/// <summary>Who may call what: each gRPC service or method names one of these.</summary>
public static class Policies
{
    /// <summary>A tenant server key: full access to the tenant's users.</summary>
    public const string ServerKey = "server-key";

    /// <summary>A tenant server or device key: the write-only calls a mobile app may make.</summary>
    public const string AnyTenantKey = "any-tenant-key";

    /// <summary>The platform operator key: tenant administration.</summary>
    public const string Operator = "operator";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ServerKey, p => p.RequireClaim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.ServerRole));
        options.AddPolicy(AnyTenantKey, p => p.RequireClaim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.ServerRole, ApiKeyDefaults.DeviceRole));
        options.AddPolicy(Operator, p => p.RequireClaim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.OperatorRole));
    }
}
