using System.Security.Claims;
using Actors.Api.Authentication;

namespace Actors.PrivacyConsole.Reading;

/// <summary>Who is logged in to the console: the operator, or one tenant's read-only view.</summary>
public static class ConsoleUser
{
    public static bool IsOperator(this ClaimsPrincipal user) => user.HasClaim(ApiKeyDefaults.RoleClaim, ApiKeyDefaults.OperatorRole);

    /// <summary>The one tenant a server-key login may see; null for the operator, who sees all.</summary>
    public static string? ViewerTenant(this ClaimsPrincipal user) => user.IsOperator() ? null : user.FindFirst(ApiKeyDefaults.TenantClaim)?.Value;

    public static bool MaySee(this ClaimsPrincipal user, string tenantId) => user.IsOperator() || user.ViewerTenant() == tenantId;
}
