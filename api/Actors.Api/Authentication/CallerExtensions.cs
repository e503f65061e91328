using Actors.Abstractions.Tenants;
using Grpc.Core;

namespace Actors.Api.Authentication;

/// <summary>Reads the authenticated caller of a gRPC call.</summary>
public static class CallerExtensions
{
    /// <summary>The tenant caller; the authorization policy on every tenant service guarantees one.</summary>
    public static Caller Caller(this ServerCallContext context) => context.GetHttpContext().Caller();

    /// <summary>The tenant caller of an HTTP route (the OpenDSR routes), authenticated by the same handler.</summary>
    public static Caller Caller(this Microsoft.AspNetCore.Http.HttpContext context)
    {
        var user = context.User;
        var tenant = user.FindFirst(ApiKeyDefaults.TenantClaim)?.Value;
        var keyId = user.FindFirst(ApiKeyDefaults.KeyIdClaim)?.Value;
        var role = user.FindFirst(ApiKeyDefaults.RoleClaim)?.Value;
        if (tenant is null || keyId is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "a tenant key is required"));
        }
        return new Caller(tenant, keyId, role == ApiKeyDefaults.DeviceRole ? ApiKeyKind.Device : ApiKeyKind.Server,
            user.HasClaim(ApiKeyDefaults.AnonymousEventsClaim, "true"));
    }
}
