using System.Text.Json;
using Actors.EndToEnd.Tests.Infrastructure;
using static Actors.EndToEnd.Tests.Infrastructure.TestEvents;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class EventsTests(PlatformFixture fixture)
{
    private static readonly DateTimeOffset Today = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_device_batch_is_counted_per_name_and_day_and_readable_by_the_server()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var yesterday = Today.AddDays(-1);

        var receipt = await tenant.DeviceFor(userId).SendEventsAsync(
        [
            At(userId, "app.open", yesterday), At(userId, "app.open", Today), At(userId, "app.open", Today),
            At(userId, "purchase", Today, ("sku", "A-1")),
        ]);
        var activity = await tenant.Server.GetActivityAsync(userId);

        Assert.Equal(new EventReceipt { Received = 4 }, receipt); // a device key learns how many were received, nothing more
        Assert.Equal(
            [("app.open", Day(yesterday), 1L), ("app.open", Day(Today), 2L), ("purchase", Day(Today), 1L)],
            activity.Counts.Select(c => (c.Name, c.Day, c.Count)));
        Assert.Equal(yesterday.ToUnixTimeSeconds(), activity.FirstSeen.Seconds);
        Assert.Equal(Today.ToUnixTimeSeconds(), activity.LastSeen.Seconds);
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.GetActivityAsync(userId));
        var export = JsonDocument.Parse((await tenant.Server.ExportAsync(userId)).Json).RootElement.GetProperty("activity");
        Assert.Equal(3, export.GetProperty("daily_event_counts").GetArrayLength());
        Assert.Equal("purchase", export.GetProperty("daily_event_counts")[2].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Events_of_a_suppressed_user_are_dropped_and_nothing_is_stored()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.DeviceFor(userId).SendEventsAsync([At(userId, "app.open", Today)]);
        await tenant.DeviceFor(userId).SuppressAsync(userId, "user turned tracking off");
        var stored = await DatabaseDigest.ComputeAsync(fixture.Database);

        var receipt = await tenant.Server.SendEventsAsync([At(userId, "app.open", Today), At(userId, "purchase", Today)]);
        var deviceReceipt = await tenant.DeviceFor(userId).SendEventsAsync([At(userId, "app.open", Today), At(userId, "purchase", Today)]);

        Assert.Equal((0, 2), (receipt.Accepted, receipt.DroppedSuppressed));
        Assert.Equal(new EventReceipt { Received = 2 }, deviceReceipt); // the same as for any user: suppression is not revealed
        Assert.Equal(stored, await DatabaseDigest.ComputeAsync(fixture.Database));
        Assert.Equal(1, Assert.Single((await tenant.Server.GetActivityAsync(userId)).Counts).Count);
    }

    [Fact]
    public async Task Late_events_never_bring_a_forgotten_user_back()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.DeviceFor(userId).SendEventsAsync([At(userId, "app.open", Today.AddDays(-3))]);
        await tenant.DeviceFor(userId).ForgetAsync(userId);
        var stored = await DatabaseDigest.ComputeAsync(fixture.Database);

        var receipt = await tenant.Server.SendEventsAsync([At(userId, "app.open", Today.AddDays(-30)), At(userId, "app.close", Today.AddDays(-3))]);
        var deviceReceipt = await tenant.DeviceFor(userId).SendEventsAsync([At(userId, "app.open", Today.AddDays(-30))]);

        Assert.Equal((0, 2), (receipt.Accepted, receipt.DroppedErased));
        Assert.Equal(new EventReceipt { Received = 1 }, deviceReceipt); // the same as for any user: erasure is not revealed
        Assert.Equal(stored, await DatabaseDigest.ComputeAsync(fixture.Database));
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetActivityAsync(userId));
        var export = JsonDocument.Parse((await tenant.Server.ExportAsync(userId)).Json).RootElement;
        Assert.Equal("erased", export.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_batch_with_one_bad_event_or_too_many_events_is_refused_whole()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        using var app = await tenant.DeviceWithTokenAsync(userId);
        var stored = await DatabaseDigest.ComputeAsync(fixture.Database);

        var tooMany = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => app.SendEventsAsync(Enumerable.Range(0, 501).Select(_ => At(userId, "app.open", Today))));
        var badName = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => app.SendEventsAsync([At(userId, "app.open", Today), At(userId, "app.open", Today), At(userId, "Bad Name", Today)]));
        var future = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => app.SendEventsAsync([At(userId, "app.open", Today.AddHours(1))]));
        var noTime = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => app.SendEventsAsync([new Event { UserId = userId, Name = "app.open" }]));

        Assert.Contains("1 to 500", tooMany.Detail);
        Assert.Equal("events[2].name", Assert.Single(badName.FieldViolations).Field);
        Assert.Equal("events[0].occurred_at", Assert.Single(future.FieldViolations).Field);
        Assert.Equal("events[0].occurred_at", Assert.Single(noTime.FieldViolations).Field);
        Assert.Equal(stored, await DatabaseDigest.ComputeAsync(fixture.Database));
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetActivityAsync(userId));
    }

    [Fact]
    public async Task A_stream_of_batches_is_counted_as_it_arrives()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();

        var receipt = await tenant.DeviceFor(userId).StreamEventsAsync(Batches(userId, batches: 3, perBatch: 100));

        Assert.Equal(300, receipt.Received);
        Assert.Equal(300, Assert.Single((await tenant.Server.GetActivityAsync(userId)).Counts).Count);
    }

    [Fact]
    public async Task A_user_counts_at_most_one_hundred_event_names()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();

        var receipt = await tenant.Server.SendEventsAsync(Enumerable.Range(0, 102).Select(i => At(userId, $"screen.s{i}", Today)));
        var again = await tenant.Server.SendEventsAsync([At(userId, "screen.s0", Today)]);

        Assert.Equal((100, 2), (receipt.Accepted, receipt.DroppedOverLimit));
        Assert.Equal(1, again.Accepted);
        Assert.Equal(100, (await tenant.Server.GetActivityAsync(userId)).Counts.Count);
    }

    [Fact]
    public async Task An_IP_address_sent_with_an_event_is_stored_nowhere()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        const string address = "203.0.113.77";

        await tenant.DeviceFor(userId).SendEventsAsync([At(userId, "app.open", Today, ("ip", address), ("client_ip", address))]);

        Assert.Equal(1, Assert.Single((await tenant.Server.GetActivityAsync(userId)).Counts).Count);
        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, address));
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd");

    private static async IAsyncEnumerable<EventBatch> Batches(string userId, int batches, int perBatch)
    {
        for (var b = 0; b < batches; b++)
        {
            await Task.Yield();
            yield return new EventBatch { Events = { Enumerable.Range(0, perBatch).Select(_ => At(userId, "app.open", Today)) } };
        }
    }
}
