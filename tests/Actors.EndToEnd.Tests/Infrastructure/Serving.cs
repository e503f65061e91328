using Actors.Client;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Whether a tenant's calls are served again, for a test waiting on a recovery.</summary>
public static class Serving
{
    public static async Task<bool> ReadsAsync(ActorsClient client, string userId)
    {
        try
        {
            await client.GetProfileAsync(userId);
            return true;
        }
        catch (ActorsApiException)
        {
            return false;
        }
    }
}
