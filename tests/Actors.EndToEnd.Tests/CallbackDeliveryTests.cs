using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Actors.Abstractions.Security;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// Request status callbacks, from the outbox to a real HTTP receiver on 127.0.0.1: rows put in the
/// outbox as a status change does, and the callbacks of real requests. The dispatcher polls only
/// once a minute here, so anything prompt came from the database's notification or from its own
/// retry schedule.
/// </summary>
public sealed class CallbackDeliveryTests : IAsyncLifetime
{
    private const string Tenant = "acme";
    private TestDatabase _database = null!;
    private RunningPlatform _platform = null!;
    private readonly CallbackReceiver _receiver = new();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _platform = new RunningPlatform(_database)
        {
            ExtraSettings =
            {
                ["Actors:Callbacks:ProcessorDomain"] = "processor.example",
                ["Actors:Callbacks:PollInterval"] = "00:01:00",
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
    public async Task A_status_change_is_posted_at_once_signed_with_the_key_discovery_publishes()
    {
        var request = Guid.NewGuid();
        var body = Status(request, "in_progress");

        await Enqueue(request, [_receiver.UrlFor("status")], body);

        await Poll.UntilAsync(async () => _receiver.Accepted.Count == 1, timeoutSeconds: 5);
        var received = Assert.Single(_receiver.Received);
        var row = Assert.Single(await CallbackOutboxRows.ReadAsync(_database, request));
        Assert.Equal(Encoding.UTF8.GetBytes(body), received.Body);
        Assert.Equal("application/json", received.Header("Content-Type"));
        Assert.Equal("processor.example", received.Header("X-OpenDSR-Processor-Domain"));
        Assert.Equal(row.DeliveryId.ToString(), received.Header("X-OpenDSR-Delivery-Id"));
        var signature = received.Header("X-OpenDSR-Signature");
        using var platformKey = new PlatformSigningKey(MasterKey.Parse(_platform.Secrets.MasterKey));
        Assert.True(PlatformSignatures.Verify(received.Body, signature, platformKey.PublicKeyPem));
        Assert.False(PlatformSignatures.Verify(Encoding.UTF8.GetBytes(body.Replace("in_progress", "completed")), signature, platformKey.PublicKeyPem));
        using var otherKey = new PlatformSigningKey(MasterKey.Parse(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        Assert.False(PlatformSignatures.Verify(received.Body, signature, otherKey.PublicKeyPem));
        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, request))[0].DeliveredAt is not null, timeoutSeconds: 5);
        row = (await CallbackOutboxRows.ReadAsync(_database, request))[0];
        Assert.Equal((1, null), (row.Attempts, row.LastError));
    }

    [Fact]
    public async Task A_receiver_answering_503_is_retried_with_growing_delays_and_gets_the_callback_once_it_accepts()
    {
        var request = Guid.NewGuid();
        _receiver.AnswerWith = 503;

        await Enqueue(request, [_receiver.UrlFor("flaky")], Status(request, "completed"));

        await Poll.UntilAsync(async () => _receiver.Received.Count >= 4);
        var row = (await CallbackOutboxRows.ReadAsync(_database, request))[0];
        Assert.Equal((null, "HTTP 503"), (row.DeliveredAt, row.LastError));
        var attempts = _receiver.Received;
        // The n-th retry waits between half and all of 0.2 s x 2^(n-1): at least 0.1, 0.2 and 0.4 s.
        Assert.InRange((attempts[1].At - attempts[0].At).TotalSeconds, 0.09, 5);
        Assert.InRange((attempts[2].At - attempts[1].At).TotalSeconds, 0.19, 5);
        Assert.InRange((attempts[3].At - attempts[2].At).TotalSeconds, 0.39, 5);

        _receiver.AnswerWith = 200;
        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, request))[0].DeliveredAt is not null);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Single(_receiver.Accepted);
        Assert.Single(_receiver.Received.Select(r => r.Header("X-OpenDSR-Delivery-Id")).Distinct());
        Assert.Equal(_receiver.Received.Count, (await CallbackOutboxRows.ReadAsync(_database, request))[0].Attempts);
    }

    [Fact]
    public async Task Every_transition_reaches_every_receiver_exactly_once_and_in_order_across_a_restart()
    {
        Guid[] requests = [Guid.NewGuid(), Guid.NewGuid()];
        string[] urls = [_receiver.UrlFor("a"), _receiver.UrlFor("b")];
        async Task Transition(int step)
        {
            foreach (var request in requests)
            {
                await Enqueue(request, urls, Status(request, $"step-{step}"));
            }
        }
        await Transition(1);
        await Poll.UntilAsync(async () => _receiver.Accepted.Count == 4);

        await _receiver.StopAsync();
        await Transition(2);
        await Transition(3);
        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, requests[1]))[2].LastError is not null);
        await _platform.StopAsync();
        await Transition(4); // committed while no silo runs
        await _platform.StartAsync();
        await _receiver.StartAsync();

        foreach (var request in requests)
        {
            await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, request)).All(r => r.DeliveredAt is not null), timeoutSeconds: 20);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var accepted = _receiver.Accepted;
        Assert.Equal(16, accepted.Count);
        foreach (var request in requests)
        {
            foreach (var path in new[] { "a", "b" })
            {
                var steps = accepted.Where(r => r.Path == path && RequestOf(r) == request).Select(StatusOf);
                Assert.Equal(["step-1", "step-2", "step-3", "step-4"], steps);
            }
        }
        Assert.Equal(16, accepted.Select(r => r.Header("X-OpenDSR-Delivery-Id")).Distinct().Count());
    }

    [Fact]
    public async Task A_callback_past_its_lifetime_is_given_up_and_never_sent()
    {
        var stale = Guid.NewGuid();
        var failing = Guid.NewGuid();

        await Enqueue(stale, [_receiver.UrlFor("stale")], Status(stale, "completed"), _platform.Clock.GetUtcNow().AddDays(-8));
        _receiver.AnswerWith = 503;
        await Enqueue(failing, [_receiver.UrlFor("failing")], Status(failing, "completed"));
        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, failing))[0].Attempts >= 1);
        _platform.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, stale))[0].GaveUpAt is not null);
        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, failing))[0].GaveUpAt is not null);
        _receiver.AnswerWith = 200;
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var staleRow = (await CallbackOutboxRows.ReadAsync(_database, stale))[0];
        Assert.Equal((0, null, "expired before an attempt"), (staleRow.Attempts, staleRow.DeliveredAt, staleRow.LastError));
        var failingRow = (await CallbackOutboxRows.ReadAsync(_database, failing))[0];
        Assert.Equal((null, "HTTP 503"), (failingRow.DeliveredAt, failingRow.LastError));
        Assert.DoesNotContain(_receiver.Received, r => r.Path == "stale");
        Assert.Empty(_receiver.Accepted);
    }

    [Fact]
    public async Task Without_AllowPrivateNetworks_a_callback_to_loopback_or_over_http_is_refused_and_given_up()
    {
        await _platform.StopAsync();
        _platform.ExtraSettings["Actors:Callbacks:AllowPrivateNetworks"] = "false";
        await _platform.StartAsync();
        var request = Guid.NewGuid();
        string[] urls =
        [
            $"https://127.0.0.1:{_receiver.Port}/literal",
            $"https://localhost:{_receiver.Port}/named",
            $"https://[::1]:{_receiver.Port}/ipv6",
            _receiver.UrlFor("plain"),
        ];

        await Enqueue(request, urls, Status(request, "completed"));

        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, request)).All(r => r.GaveUpAt is not null));
        var rows = await CallbackOutboxRows.ReadAsync(_database, request);
        // Literal addresses are refused by the URL check; a host name on the address it resolves to.
        Assert.Equal("a callback URL must name a public address, not a loopback or private one", rows[0].LastError);
        Assert.Contains("is not a public address", rows[1].LastError);
        Assert.Equal("a callback URL must name a public address, not a loopback or private one", rows[2].LastError);
        Assert.Equal("a callback URL must be https", rows[3].LastError);
        Assert.All(rows, row => Assert.Equal((1, null), (row.Attempts, row.DeliveredAt)));
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task Finished_callbacks_are_cleared_from_the_outbox_after_the_finished_retention()
    {
        var old = Guid.NewGuid();
        await Enqueue(old, [_receiver.UrlFor("old")], Status(old, "completed"));
        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, old)).Single().DeliveredAt is not null);

        _platform.Clock.Advance(TimeSpan.FromDays(31));
        var fresh = Guid.NewGuid();
        await Enqueue(fresh, [_receiver.UrlFor("fresh")], Status(fresh, "completed")); // its notification starts a dispatcher round

        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, fresh)).Single().DeliveredAt is not null);
        await Poll.UntilAsync(async () => (await CallbackOutboxRows.ReadAsync(_database, old)).Count == 0);
        Assert.Single(await CallbackOutboxRows.ReadAsync(_database, fresh)); // delivered now: kept for the retention
    }

    [Fact]
    public async Task Every_status_change_is_called_back_signed_and_exactly_once_across_an_outage_and_a_restart()
    {
        using var tenant = await TestTenant.CreateAsync(_platform);
        using (var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = _platform.Address, ApiKey = _platform.OperatorKey }))
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
        await Requests.RequestLifecycleTests.WaitForStatusAsync(tenant.Server, requestId, V1.RequestStatus.Completed);
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

    private Task Enqueue(Guid request, IReadOnlyList<string> urls, string body, DateTimeOffset? at = null) =>
        CallbackOutboxRows.EnqueueAsync(_database, Tenant, request, urls, body, at ?? _platform.Clock.GetUtcNow());

    private static string Status(Guid request, string status) =>
        JsonSerializer.Serialize(new { request_id = request, status });

    private static Guid RequestOf(ReceivedCallback callback) =>
        JsonDocument.Parse(callback.Body).RootElement.GetProperty("request_id").GetGuid();

    private static string StatusOf(ReceivedCallback callback) =>
        JsonDocument.Parse(callback.Body).RootElement.GetProperty("status").GetString()!;
}
