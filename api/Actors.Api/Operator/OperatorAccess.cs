using Actors.Api.Authentication;
using Actors.Api.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Actors.Api.Operator;

/// <summary>Sets up who may use the operator listener: its scheme, its policies and the console's login.</summary>
public static class OperatorAccess
{
    /// <summary>How long a console login lasts without use.</summary>
    public static readonly TimeSpan LoginLifetime = TimeSpan.FromMinutes(30);

    /// <summary>After <c>AddActorsGateway</c>, whose operator key and tenant directory it reuses.</summary>
    /// <param name="port">The operator listener's port; -1 when it is off.</param>
    public static IServiceCollection AddOperatorAccess(this IServiceCollection services, int port)
    {
        services.AddSingleton(new OperatorListener(port));
        services.AddSingleton<OperatorLogin>();
        // Keys in memory only: a login and an anti-forgery token last as long as the process,
        // and no key that could forge a login is ever written to disk.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication()
            .AddPolicyScheme(OperatorPolicies.Scheme, "operator key", scheme => scheme.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith(OperatorBearerHandler.Prefix, StringComparison.OrdinalIgnoreCase)
                    ? OperatorPolicies.BearerScheme
                    : OperatorPolicies.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, OperatorBearerHandler>(OperatorPolicies.BearerScheme, null)
            .AddCookie(OperatorPolicies.CookieScheme, cookie =>
            {
                // __Host-: a cookie is sent to every port of the host; the prefix keeps it Secure, host-only and on "/".
                cookie.Cookie.Name = "__Host-actors-console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = LoginLifetime;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = OperatorPolicies.LoginPath;
                cookie.Events.OnRedirectToLogin = context => IsConsole(context.Request)
                    ? Redirect(context)
                    : OperatorRefusal.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, OperatorRefusal.KeyRequired);
                cookie.Events.OnValidatePrincipal = RejectRevokedKeyAsync;
                cookie.Events.OnRedirectToAccessDenied = context =>
                    OperatorRefusal.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, OperatorRefusal.Forbidden(context.HttpContext));
            });
        services.AddAuthorization(policies =>
        {
            policies.AddPolicy(OperatorPolicies.Operator, policy => policy.AddAuthenticationSchemes(OperatorPolicies.Scheme)
                .RequireClaim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.OperatorRole));
            policies.AddPolicy(OperatorPolicies.ConsoleReader, policy => policy.AddAuthenticationSchemes(OperatorPolicies.Scheme)
                .RequireClaim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.OperatorRole, OperatorPolicies.TenantViewerRole));
        });
        return services;
    }

    /// <summary>A login with a tenant's server key ends when the key is revoked, not when the cookie expires.</summary>
    private static async Task RejectRevokedKeyAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        if (principal.FindFirst(ApiKeyDefaults.TenantClaim)?.Value is not { } tenantId || principal.FindFirst(ApiKeyDefaults.KeyIdClaim)?.Value is not { } keyId)
        {
            return;
        }
        var tenant = await context.HttpContext.RequestServices.GetRequiredService<TenantDirectory>().FindAsync(tenantId, context.HttpContext.RequestAborted);
        if (tenant?.ApiKeys.GetValueOrDefault(keyId) is not { IsActive: true })
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(OperatorPolicies.CookieScheme);
        }
    }

    private static bool IsConsole(HttpRequest request) => request.Path.StartsWithSegments("/console");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
