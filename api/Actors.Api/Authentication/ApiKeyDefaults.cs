namespace Actors.Api.Authentication;

/// <summary>Names shared by the authentication handler and the authorization policies.</summary>
public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Header = "x-api-key";

    public const string TenantClaim = "actors:tenant";
    public const string KeyIdClaim = "actors:key-id";
    public const string RoleClaim = "actors:role";
    public const string AnonymousEventsClaim = "actors:anonymous-events";

    public const string OperatorRole = "operator";
    public const string ServerRole = "server";
    public const string DeviceRole = "device";
}
