using System.Security.Claims;
using System.Text.Encodings.Web;
using Actors.Api.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Actors.Api.Operator;

/// <summary><c>Authorization: Bearer &lt;operator key&gt;</c>, for what scrapes or scripts the operator listener.</summary>
public sealed class OperatorBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OperatorKey operatorKey) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!operatorKey.Matches(header[Prefix.Length..].Trim()))
        {
            return Task.FromResult(AuthenticateResult.Fail("the bearer token is not the operator key"));
        }
        var identity = new ClaimsIdentity([new Claim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.OperatorRole)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return OperatorRefusal.WriteAsync(Context, 401, Request.Headers.Authorization.Count == 0
            ? OperatorRefusal.KeyRequired
            : "the bearer token is not the operator key");
    }
}
