using System.Text;
using System.Text.Json;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;

namespace Actors.EndToEnd.Tests.Requests;

/// <summary>
/// A request's status changes reach the tenant's receiver (a real HTTP server on 127.0.0.1), signed
/// with the key discovery publishes, each exactly once, through a receiver outage and a platform
/// restart in the middle of the request's life.
/// </summary>
public sealed class RequestCallbackTests : IAsyncLifetime
{
    private readonly CallbackReceiver _receiver = new();
    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database)
        {
            ExtraSettings =
            {
                ["Actors:Callbacks:FirstRetryDelay"] = "00:00:00.2",
                ["Actors:Callbacks:MaxRetryDelay"] = "00:00:01",
            },
        };
        await _platform.StartAsync();
        await _receiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _platform.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Every_status_change_is_called_back_signed_and_exactly_once_across_an_outage_and_a_restart()
    {
        using var tenant = await TestTenant.CreateAsync(_platform);
        using (var admin = new ActorsAdminClient(new ActorsClientOptions { Address = _platform.Address, ApiKey = _platform.OperatorKey }))
        {
            await admin.SetRequestPolicyAsync(tenant.Id, new RequestPolicy { ReviewBeforeProcessing = true });
        }
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Haarlem" });
        var url = _receiver.UrlFor("dsr-callbacks");
        var requestId = Guid.NewGuid().ToString("D");
        await tenant.Server.CreateRequestAsync(new CreateRequestRequest { RequestId = requestId, Type = V1.RequestType.Access, UserId = userId, CallbackUrls = { url } });
        await Poll.UntilAsync(() => Task.FromResult(_receiver.Accepted.Count == 1));

        await _receiver.StopAsync(); // the tenant's receiver is down ...
        await tenant.Server.ApproveRequestAsync(requestId);
        await RequestLifecycleTests.WaitForStatusAsync(tenant.Server, requestId, V1.RequestStatus.Completed);
        await _platform.StopAsync(); // ... and the platform restarts with both callbacks undelivered
        await _platform.StartAsync();
        await _receiver.StartAsync();

        await Poll.UntilAsync(() => Task.FromResult(_receiver.Accepted.Count >= 3), timeoutSeconds: 30);
        await Task.Delay(TimeSpan.FromSeconds(2)); // long enough for a duplicate to show up
        var accepted = _receiver.Accepted;
        Assert.Equal(3, accepted.Count);
        var bodies = accepted.Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        Assert.Equal(["pending", "in_progress", "completed"], bodies.Select(b => b.GetProperty("request_status").GetString()));
        Assert.All(bodies, b => Assert.Equal(requestId, b.GetProperty("subject_request_id").GetString()));
        Assert.All(bodies, b => Assert.Equal(url, b.GetProperty("status_callback_url").GetString()));
        Assert.Equal(3, accepted.Select(c => c.Header("X-OpenDSR-Delivery-Id")).Distinct().Count());
        Assert.True(bodies[2].TryGetProperty("results_url", out _));
        var publicKey = await DiscoveredKeyAsync();
        Assert.All(accepted, c => Assert.True(PlatformSignatures.Verify(c.Body, c.Header("X-OpenDSR-Signature"), publicKey)));
        Assert.All(accepted, c => Assert.DoesNotContain(userId, Encoding.UTF8.GetString(c.Body)));
        Assert.False(PlatformSignatures.Verify(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(accepted[2].Body).Replace("completed", "cancelled")),
            accepted[2].Header("X-OpenDSR-Signature"), publicKey));
    }

    private async Task<string> DiscoveredKeyAsync()
    {
        using var anonymous = new OpenDsrClient(_platform.JsonAddress, apiKey: null);
        var discovery = await OpenDsrClient.ReadAsync(await anonymous.GetAsync("/opendsr/v1/discovery"));
        return discovery.Json.GetProperty("processor_public_key").GetString()!;
    }
}
