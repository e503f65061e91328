namespace Actors.Abstractions.Requests;

/// <summary>Which callback URLs the platform accepts; the request API refuses others up front, the dispatcher again at send time.</summary>
public static class CallbackUrls
{
    public const int MaxLength = Limits.CallbackUrlMaxLength;

    /// <summary>Why <paramref name="url"/> is not an acceptable callback URL, or null when it is.</summary>
    public static string? Validate(string? url, bool allowPrivateNetworks)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "a callback URL is required";
        }
        if (url.Length > MaxLength)
        {
            return $"a callback URL is at most {MaxLength} characters";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || uri.IsUnc)
        {
            return "a callback URL must be an absolute http(s) URL";
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(allowPrivateNetworks && uri.Scheme == Uri.UriSchemeHttp))
        {
            return allowPrivateNetworks ? "a callback URL must be http or https" : "a callback URL must be https";
        }
        if (uri.UserInfo.Length > 0)
        {
            // Credentials in a URL end up in logs and in every copy of the request.
            return "a callback URL must not carry a user name or password";
        }
        if (!allowPrivateNetworks && System.Net.IPAddress.TryParse(uri.DnsSafeHost, out var address) && !CallbackAddresses.IsPublic(address))
        {
            // A host name is checked on the addresses it resolves to, each time a callback is sent.
            return "a callback URL must name a public address, not a loopback or private one";
        }
        return null;
    }
}
