using Microsoft.AspNetCore.Http;

namespace Actors.Api.Operator;

/// <summary>The operator listener's refusals: a status and one sentence that says what to present.</summary>
public static class OperatorRefusal
{
    public const string KeyRequired = "the operator key is required: send 'Authorization: Bearer <operator key>', or log in at " + OperatorPolicies.LoginPath;

    public static Task WriteAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(message + "\n");
    }

    /// <summary>Why the caller may not see this: what it needs, and what it presented.</summary>
    public static string Forbidden(HttpContext http) =>
        http.User.FindFirst(Authentication.ApiKeyDefaults.TenantClaim)?.Value is { } tenant
            ? $"this needs the operator key; you are logged in with a server key of tenant '{tenant}', which reads that tenant's pages and changes nothing"
            : "this needs the operator key";
}
