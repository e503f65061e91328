using System.Security.Claims;
using System.Text.Encodings.Web;
using Actors.Abstractions.Tenants;
using Actors.Api.Errors;
using Actors.Api.Json;
using Actors.Api.Tls;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Actors.Api.Authentication;

/// <summary>
/// Turns the <c>x-api-key</c> header into a caller: the operator, or a tenant and one of its
/// keys. The tenant comes from the key alone; nothing in a request body can name another one.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorKey operatorKey) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string UnavailableItem = "actors:authentication-unavailable";
    private const string CertificateRefusalItem = "actors:client-certificate-refusal";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiKeyDefaults.Header].ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (operatorKey.Matches(presented))
        {
            return Success(new Claim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.OperatorRole));
        }
        // Asked for only here: a gateway of several cells answers calls with no tenant key
        // (health, the operator's) where no cell, and so no tenant directory, is at hand.
        var checkedKey = await Context.RequestServices.GetRequiredService<TenantKeyCheck>().CheckAsync(presented, Context.RequestAborted);
        switch (checkedKey.Outcome)
        {
            case TenantKeyOutcome.Malformed:
                return AuthenticateResult.Fail("the API key is malformed");
            case TenantKeyOutcome.Unavailable:
                Context.Items[UnavailableItem] = true;
                return AuthenticateResult.Fail("the platform cannot check the API key right now");
            case TenantKeyOutcome.UnknownOrRevoked:
                return AuthenticateResult.Fail("the API key is unknown or revoked");
        }
        var (tenantId, key) = (checkedKey.TenantId, checkedKey.Key!);
        var keyId = key.KeyId;
        if (key.ClientCertificateSha256 is { } bound
            && ClientCertificateBinding.Refusal(bound, await Context.Connection.GetClientCertificateAsync(Context.RequestAborted)) is { } refusal)
        {
            Context.Items[CertificateRefusalItem] = refusal;
            return AuthenticateResult.Fail(refusal);
        }
        return Success(
            new Claim(ApiKeyDefaults.TenantClaim, tenantId),
            new Claim(ApiKeyDefaults.KeyIdClaim, keyId),
            new Claim(ApiKeyDefaults.RoleClaim, key.Kind == ApiKeyKind.Device ? ApiKeyDefaults.DeviceRole : ApiKeyDefaults.ServerRole),
            new Claim(ApiKeyDefaults.AnonymousEventsClaim, key.AllowsAnonymousEvents ? "true" : "false"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Context.Items.ContainsKey(UnavailableItem)
            ? WriteGrpcStatus(StatusCode.Unavailable, "the platform cannot check the API key right now; retry shortly")
            : Context.Items[CertificateRefusalItem] is string refusal
            ? WriteGrpcStatus(StatusCode.Unauthenticated, refusal)
            : WriteGrpcStatus(StatusCode.Unauthenticated, Request.Headers[ApiKeyDefaults.Header].Count == 0
                ? $"an API key is required in the '{ApiKeyDefaults.Header}' header"
                : "the API key is unknown, revoked or malformed");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // The method's own policy wins over its service's, as in StrictServiceMethodProvider's metadata.
        var policy = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault(a => a.Policy is not null)?.Policy;
        var presented = Context.User.FindFirst(ApiKeyDefaults.RoleClaim)?.Value;
        return WriteGrpcStatus(StatusCode.PermissionDenied, $"this method needs {KeyKinds.Needed(policy)}; the call presented {KeyKinds.Presented(presented)}");
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name)), Scheme.Name));

    private Task WriteGrpcStatus(StatusCode code, string message) => EarlyRefusal.WriteAsync(Context, code, message);
}
