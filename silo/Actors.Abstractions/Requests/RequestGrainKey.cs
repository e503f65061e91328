namespace Actors.Abstractions.Requests;

/// <summary>The key of a request grain: the tenant id and the request id the tenant chose.</summary>
public static class RequestGrainKey
{
    public static string For(string tenantId, Guid requestId) => $"{tenantId}/{requestId:D}";

    public static (string TenantId, Guid RequestId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && Guid.TryParse(key.AsSpan(slash + 1), out var id)
            ? (key[..slash], id)
            : throw new ArgumentException($"'{key}' is not a request grain key", nameof(key));
    }
}
