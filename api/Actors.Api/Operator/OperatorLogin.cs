using System.Security.Claims;
using Actors.Abstractions.Tenants;
using Actors.Api.Authentication;
using Actors.Api.Tls;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Actors.Api.Operator;

/// <summary>
/// The console's login: the operator key (everything), or a tenant's server key (a read-only view
/// of that tenant), checked exactly as a gRPC call's key is; on success a login cookie.
/// </summary>
public sealed class OperatorLogin(OperatorKey operatorKey, TenantKeyCheck tenantKeys)
{
    /// <summary>Null when logged in; else the refusal to show.</summary>
    public async Task<string?> SignInAsync(HttpContext http, string presented)
    {
        presented = presented.Trim();
        if (presented.Length == 0)
        {
            return "enter the operator key, or a tenant's server key";
        }
        if (operatorKey.Matches(presented))
        {
            await SignInAsync(http, new Claim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.OperatorRole));
            return null;
        }
        var result = await tenantKeys.CheckAsync(presented, http.RequestAborted);
        if (result.Outcome == TenantKeyOutcome.Unavailable)
        {
            return "the platform cannot check the key right now; retry shortly";
        }
        if (result is not { Outcome: TenantKeyOutcome.Valid, Key: { } key })
        {
            return "the key is unknown, revoked or malformed";
        }
        if (key.Kind != ApiKeyKind.Server)
        {
            return "a device key cannot log in: use the operator key, or a tenant's server key";
        }
        if (key.ClientCertificateSha256 is { } bound
            && ClientCertificateBinding.Refusal(bound, await http.Connection.GetClientCertificateAsync(http.RequestAborted)) is { } refusal)
        {
            return refusal;
        }
        await SignInAsync(http,
            new Claim(ApiKeyDefaults.RoleClaim, OperatorPolicies.TenantViewerRole),
            new Claim(ApiKeyDefaults.TenantClaim, result.TenantId),
            new Claim(ApiKeyDefaults.KeyIdClaim, key.KeyId));
        return null;
    }

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(OperatorPolicies.CookieScheme);

    private static Task SignInAsync(HttpContext http, params Claim[] claims) =>
        http.SignInAsync(OperatorPolicies.CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, OperatorPolicies.CookieScheme)));
}
