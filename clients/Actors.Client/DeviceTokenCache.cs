using System.Buffers.Text;
using System.Text.Json;

namespace Actors.Client;

/// <summary>
/// Holds the user's device token for a device-key client: asks the app's callback for one when
/// there is none, when it expires within a minute (the token's <c>exp</c> claim, which is
/// readable), or when the platform refused it (revoked, expired early by the clock).
/// </summary>
internal sealed class DeviceTokenCache(Func<CancellationToken, Task<string>> provider)
{
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private (string Token, DateTimeOffset ExpiresAt)? _current;

    public async Task<string> GetAsync(bool refresh, CancellationToken cancellation)
    {
        if (!refresh && _current is { } held && held.ExpiresAt > DateTimeOffset.UtcNow + RefreshAhead)
        {
            return held.Token;
        }
        await _refreshing.WaitAsync(cancellation);
        try
        {
            // Another call may have refreshed it while this one waited.
            if (!refresh && _current is { } fresh && fresh.ExpiresAt > DateTimeOffset.UtcNow + RefreshAhead)
            {
                return fresh.Token;
            }
            var token = await provider(cancellation);
            _current = (token, ExpiryOf(token));
            return token;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>The token's expiry; a token that cannot be read counts as expiring now, so it is asked for again next time.</summary>
    private static DateTimeOffset ExpiryOf(string token)
    {
        var parts = token.Split('.');
        try
        {
            using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        }
        catch (Exception e) when (e is IndexOutOfRangeException or FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return DateTimeOffset.MinValue;
        }
    }
}
