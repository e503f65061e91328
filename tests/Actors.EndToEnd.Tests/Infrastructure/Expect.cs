using Actors.Client;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>Asserts that a call is refused with a given status.</summary>
public static class Expect
{
    public static async Task<ActorsApiException> RefusedAsync(StatusCode status, Func<Task> call)
    {
        var refusal = await Assert.ThrowsAsync<ActorsApiException>(call);
        Assert.True(status == refusal.Status, $"expected {status}, got {refusal.Status}: {refusal.Detail}");
        return refusal;
    }
}
