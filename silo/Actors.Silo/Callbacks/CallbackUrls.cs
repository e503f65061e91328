namespace Actors.Silo.Callbacks;

/// <summary>Which callback URLs the platform accepts; the request API refuses others up front, the dispatcher again at send time.</summary>
public static class CallbackUrls
{
    public const int MaxLength = 2048;

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
        return null;
    }
}
