using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.Sdk;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

/// <summary>The device SDK against the real gateway: batching, the bounded queue, retries, suppress and forget.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DeviceSdkTests(PlatformFixture fixture)
{
    private ActorsDevice Device(TestTenant tenant, string userId, int batch = 100, TimeSpan? interval = null, int capacity = 10_000,
        QueueFullPolicy whenFull = QueueFullPolicy.DropOldest, Uri? address = null) => new(new ActorsDeviceOptions
        {
            CaCertificatePath = TestTls.CaFile,
            Address = address ?? fixture.Platform.Address,
            DeviceKey = tenant.DeviceKey.ApiKey,
            UserId = userId,
            UserTokenProvider = async cancellation => (await tenant.Server.IssueDeviceTokenAsync(userId, cancellation: cancellation)).Token,
            MaxBatchSize = batch,
            FlushInterval = interval ?? TimeSpan.FromHours(1),
            MaxQueuedEvents = capacity,
            WhenFull = whenFull,
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
        });

    [Fact]
    public async Task Full_batches_go_out_by_themselves_and_a_flush_sends_the_rest()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await using var device = Device(tenant, userId, batch: 10);

        for (var i = 0; i < 25; i++)
        {
            device.Track("screen.view", new Dictionary<string, string> { ["screen"] = $"s{i}" });
        }
        // A name the platform would refuse is refused here, instead of costing its whole batch.
        Assert.False(device.Track("Screen View"));
        Assert.False(device.Track("screen.view", new Dictionary<string, string> { ["Bad Key"] = "x" }));
        await Poll.UntilAsync(() => Task.FromResult(device.Statistics.BatchesSent == 2));
        Assert.Equal(5, device.Statistics.Queued);
        await device.FlushAsync();

        Assert.Equal((25L, 3L, 0), (device.Statistics.EventsSent, device.Statistics.BatchesSent, device.Statistics.Queued));
        Assert.Equal(25, Assert.Single((await tenant.Server.GetActivityAsync(userId)).Counts).Count);
    }

    [Fact]
    public async Task Waiting_events_go_out_on_the_flush_interval()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await using var device = Device(tenant, userId, interval: TimeSpan.FromMilliseconds(200));

        device.Track("app.open");
        device.Track("app.open");
        device.Track("app.open");

        await Poll.UntilAsync(async () => (await CountAsync(tenant, userId)) == 3);
    }

    [Theory]
    [InlineData(QueueFullPolicy.DropOldest, new[] { "e3", "e4", "e5", "e6", "e7" })]
    [InlineData(QueueFullPolicy.DropNewest, new[] { "e0", "e1", "e2", "e3", "e4" })]
    public async Task A_full_queue_gives_way_by_its_policy(QueueFullPolicy policy, string[] kept)
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await using var device = Device(tenant, userId, capacity: 5, whenFull: policy);

        for (var i = 0; i < 8; i++)
        {
            device.Track($"e{i}");
        }
        await device.FlushAsync();

        Assert.Equal(3, device.Statistics.DroppedQueueFull);
        Assert.Equal(kept, (await tenant.Server.GetActivityAsync(userId)).Counts.Select(c => c.Name));
    }

    [Fact]
    public async Task Suppress_drops_the_waiting_events_and_nothing_more_is_sent()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await using var device = Device(tenant, userId);
        for (var i = 0; i < 5; i++)
        {
            device.Track("app.open");
        }

        await device.SuppressAsync("tracking turned off in settings");

        Assert.Equal(0, device.Statistics.Queued);
        Assert.False(device.Track("app.open"));
        await device.FlushAsync();
        Assert.Equal(0, device.Statistics.EventsSent);
        Assert.True((await tenant.Server.GetProfileAsync(userId)).Privacy.Suppressed);
        Assert.Empty((await tenant.Server.GetActivityAsync(userId)).Counts);
    }

    [Fact]
    public async Task After_forget_no_event_is_ever_sent()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await using var device = Device(tenant, userId);
        device.Track("app.open");
        await device.FlushAsync();
        for (var i = 0; i < 4; i++)
        {
            device.Track("app.open");
        }

        await device.ForgetAsync();

        Assert.Equal(0, device.Statistics.Queued);
        Assert.False(device.Track("app.open"));
        await device.FlushAsync();
        Assert.Equal(1, device.Statistics.EventsSent);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetActivityAsync(userId));
    }

    [Fact]
    public async Task Events_are_retried_while_the_platform_is_down_and_delivered_when_it_is_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var platform = new RunningPlatform(database);
        await platform.StartAsync();
        string deviceKey, serverKey, token;
        using (var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = platform.OperatorKey }))
        {
            await admin.CreateTenantAsync("retry", "Retry");
            deviceKey = (await admin.IssueApiKeyAsync("retry", ApiKeyKind.Device, "app")).ApiKey;
            serverKey = (await admin.IssueApiKeyAsync("retry", ApiKeyKind.Server, "backend")).ApiKey;
        }
        using (var backend = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = serverKey }))
        {
            token = (await backend.IssueDeviceTokenAsync("offline-user")).Token;
        }
        await platform.StopAsync();
        await using var device = new ActorsDevice(new ActorsDeviceOptions
        {
            CaCertificatePath = TestTls.CaFile,
            Address = platform.Address, DeviceKey = deviceKey, UserId = "offline-user", UserTokenProvider = _ => Task.FromResult(token),
            FlushInterval = TimeSpan.FromHours(1), InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(400),
        });

        for (var i = 0; i < 5; i++)
        {
            device.Track("app.open");
        }
        var flushing = device.FlushAsync();
        await Poll.UntilAsync(() => Task.FromResult(device.Statistics.Retries >= 3));
        Assert.False(flushing.IsCompleted);
        await platform.StartAsync();
        await flushing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(5, device.Statistics.EventsSent);
        Assert.StartsWith("Unavailable", device.Statistics.LastError);
        using var server = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = serverKey });
        Assert.Equal(5, Assert.Single((await server.GetActivityAsync("offline-user")).Counts).Count);
    }

    private static async Task<long> CountAsync(TestTenant tenant, string userId)
    {
        try
        {
            return (await tenant.Server.GetActivityAsync(userId)).Counts.Sum(c => c.Count);
        }
        catch (ActorsApiException e) when (e.Status == StatusCode.NotFound)
        {
            return 0;
        }
    }
}
