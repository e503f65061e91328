using Actors.Api.Authentication;

namespace Actors.Api.Operator;

/// <summary>
/// Names of the operator listener's authentication and authorization: one scheme that takes
/// <c>Authorization: Bearer &lt;operator key&gt;</c> (scrapers, scripts) or the console's login cookie.
/// </summary>
public static class OperatorPolicies
{
    /// <summary>The scheme every operator route authenticates with; it picks bearer or cookie per request.</summary>
    public const string Scheme = "Operator";

    public const string BearerScheme = "Operator.Bearer";
    public const string CookieScheme = "Operator.Cookie";

    /// <summary>The operator key, by bearer or login: everything on the listener (console, metrics, dashboard).</summary>
    public const string Operator = "operator-listener";

    /// <summary>The operator, or a tenant's server key logged in to the console: read-only, its own tenant only.</summary>
    public const string ConsoleReader = "console-reader";

    /// <summary>The role of a console login with a tenant's server key; its tenant is in <see cref="ApiKeyDefaults.TenantClaim"/>.</summary>
    public const string TenantViewerRole = "tenant-viewer";

    /// <summary>Where a browser without a login is sent.</summary>
    public const string LoginPath = "/console/login";
}
