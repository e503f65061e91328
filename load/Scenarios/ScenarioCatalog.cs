using System.Collections.Concurrent;
using System.Text.Json;
using Actors.Load.Runner;
using Actors.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Actors.Load.Scenarios;

/// <summary>
/// The platform's scenarios, each on tenants of its own made for the run. Users are picked at
/// random from a pool, so that calls spread over many grains as real traffic does.
/// </summary>
public sealed class ScenarioCatalog(PlatformTarget target, string operatorKey, int users, int hotUsers, int rawEventDays)
{
    public static readonly string[] Names =
        ["profile-read", "profile-write", "consent-change", "event-ingest", "forget-under-load", "multi-tenant-mix", "echo", "cold-read"];

    public const int EventsPerBatch = 100;

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    /// <summary>Where to keep the first tenant this run makes, if anywhere.</summary>
    public string? SaveTenantTo { get; init; }

    /// <summary>The region the run's tenants are created in (a platform of several regions needs one).</summary>
    public string TenantRegion { get; init; } = "";

    /// <summary>The key of the peer build (load/bench/Peer), which takes any key as its tenant's name: no tenant is set up.</summary>
    public string? PeerTenant { get; init; }

    /// <summary>A tenant of an earlier run to use instead of making new ones.</summary>
    public LoadTenant? SavedTenant { get; init; }

    public async Task<IReadOnlyList<Scenario>> CreateAsync(string name, LoadSimulation load) => name switch
    {
        "profile-read" => [await ProfileReadAsync(load)],
        "profile-write" => [ProfileWrite(name, await TenantAsync(name), load)],
        "consent-change" => [ConsentChange(await TenantAsync(name), load)],
        "event-ingest" => [EventIngest(await TenantAsync(name), load)],
        "forget-under-load" => [ForgetUnderLoad(await TenantAsync(name), load)],
        "multi-tenant-mix" => await MultiTenantMixAsync(load),
        "echo" => [Echo(load)],
        "cold-read" => [ColdRead(await TenantAsync(name), load)],
        _ => throw new ArgumentException($"no scenario '{name}'; there are: {string.Join(", ", Names)}"),
    };

    /// <summary>Reads of users whose grains are active: the hot set is written (and so activated) first.</summary>
    private async Task<Scenario> ProfileReadAsync(LoadSimulation load)
    {
        var tenant = await TenantAsync("profile-read");
        if (SavedTenant is null)
        {
            await WriteHotUsersAsync(tenant);
        }
        return new Scenario("profile-read",
        [
            new Step("get-profile", async c => await target.Profiles().GetProfileAsync(
                new GetProfileRequest { UserId = $"hot-{Random.Shared.Next(hotUsers)}" }, PlatformTarget.With(tenant.ServerKey, c.Cancellation))),
        ], load);
    }

    /// <summary>
    /// Each hot user read once, in order: on a tenant of an earlier run after a platform restart,
    /// every read is an activation (the state loaded from PostgreSQL).
    /// </summary>
    private Scenario ColdRead(LoadTenant tenant, LoadSimulation load)
    {
        var next = -1L;
        return new Scenario("cold-read",
        [
            new Step("first-read", async c => await target.Profiles().GetProfileAsync(
                new GetProfileRequest { UserId = $"hot-{Interlocked.Increment(ref next) % hotUsers}" }, PlatformTarget.With(tenant.ServerKey, c.Cancellation))),
        ], load);
    }

    private async Task WriteHotUsersAsync(LoadTenant tenant)
    {
        Console.Error.WriteLine($"profile-read: writing {hotUsers} hot users with {LoadTenant.Attributes.Length} attributes each");
        await Parallel.ForEachAsync(Enumerable.Range(0, hotUsers), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var request = new UpsertAttributesRequest { UserId = $"hot-{i}" };
            foreach (var attribute in LoadTenant.Attributes)
            {
                request.Attributes[attribute] = $"value of {attribute} for user {i}";
            }
            await target.Profiles().UpsertAttributesAsync(request, PlatformTarget.With(tenant.ServerKey, default));
        });
    }

    private Scenario ProfileWrite(string name, LoadTenant tenant, LoadSimulation load) => new(name,
    [
        new Step("upsert-attribute", async c => await target.Profiles().UpsertAttributesAsync(new UpsertAttributesRequest
        {
            UserId = RandomUser(),
            Attributes = { [LoadTenant.Attributes[Random.Shared.Next(LoadTenant.Attributes.Length)]] = $"value {c.Iteration}" },
        }, PlatformTarget.With(tenant.ServerKey, c.Cancellation))),
    ], load);

    private Scenario ConsentChange(LoadTenant tenant, LoadSimulation load) => new("consent-change",
    [
        new Step("grant-or-withdraw", async c =>
        {
            var request = new ConsentDecisionRequest
            {
                UserId = RandomUser(),
                Purpose = LoadTenant.Purposes[Random.Shared.Next(LoadTenant.Purposes.Length)],
                LawfulBasis = LawfulBasis.Consent,
                Source = "load/settings",
                PolicyVersion = "v1",
            };
            var consents = target.Consents();
            var options = PlatformTarget.With(tenant.ServerKey, c.Cancellation);
            await (Random.Shared.Next(2) == 0 ? consents.GrantConsentAsync(request, options) : consents.WithdrawConsentAsync(request, options));
        }),
    ], load);

    /// <summary>A device's batch of 100 events of its one user, as the SDK sends them.</summary>
    /// <remarks>A user's first batch also fetches the user's device token, as an app does once at sign-in.</remarks>
    private Scenario EventIngest(LoadTenant tenant, LoadSimulation load)
    {
        var devices = new DeviceTokens(target, tenant);
        return new("event-ingest",
    [
        new Step("send-batch", async c =>
        {
            var user = RandomUser();
            var receipt = await target.Events().SendEventsAsync(Batch(user, DateTimeOffset.UtcNow), await devices.DeviceOfAsync(user, c.Cancellation));
            if (receipt.Received != EventsPerBatch)
            {
                throw new InvalidOperationException($"received {receipt.Received} of {EventsPerBatch}");
            }
        }),
    ], load)
    { ItemsPerIteration = EventsPerBatch, ItemName = "events" };
    }

    /// <summary>
    /// Users forgotten while their device keeps sending: each iteration makes a user, sends
    /// events, forgets the user while more events arrive at the same moment, then sends late
    /// events, which must all be dropped. Afterwards every forgotten user is checked.
    /// </summary>
    private Scenario ForgetUnderLoad(LoadTenant tenant, LoadSimulation load)
    {
        var forgotten = new ConcurrentQueue<string>();
        var devices = new DeviceTokens(target, tenant);
        string UserOf(IterationContext c) => $"fu-{_run}-{c.Copy}-{c.Iteration}";
        return new Scenario("forget-under-load",
        [
            new Step("create", async c => await target.Profiles().UpsertAttributesAsync(
                new UpsertAttributesRequest { UserId = UserOf(c), Attributes = { ["field_0"] = "to be forgotten" } }, PlatformTarget.With(tenant.ServerKey, c.Cancellation))),
            new Step("events", async c => await target.Events().SendEventsAsync(Batch(UserOf(c), DateTimeOffset.UtcNow, 10), await devices.DeviceOfAsync(UserOf(c), c.Cancellation))),
            new Step("forget-while-sending", async c =>
            {
                var concurrentEvents = target.Events().SendEventsAsync(Batch(UserOf(c), DateTimeOffset.UtcNow, 10), await devices.DeviceOfAsync(UserOf(c), c.Cancellation));
                await target.Privacy().ForgetAsync(new ForgetRequest { UserId = UserOf(c) }, PlatformTarget.With(tenant.ServerKey, c.Cancellation));
                await concurrentEvents;
                forgotten.Enqueue(UserOf(c));
            }),
            new Step("late-events", async c =>
            {
                // Sent with the server key: a device key's receipt does not say what became of the events.
                var receipt = await target.Events().SendEventsAsync(Batch(UserOf(c), DateTimeOffset.UtcNow.AddDays(-30), 10), PlatformTarget.With(tenant.ServerKey, c.Cancellation));
                if (receipt.DroppedErased != 10)
                {
                    throw new InvalidOperationException($"a late event of a forgotten user was kept: {receipt}");
                }
            }),
        ], load)
        {
            Verify = async () =>
            {
                var problems = new ConcurrentBag<string>();
                await Parallel.ForEachAsync(forgotten, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (userId, _) =>
                {
                    var options = PlatformTarget.With(tenant.ServerKey, default);
                    var export = JsonDocument.Parse((await target.Privacy().ExportAsync(new ExportRequest { UserId = userId }, options)).Json).RootElement;
                    if (export.GetProperty("status").GetString() != "erased" || export.TryGetProperty("raw_events", out JsonElement _) || export.TryGetProperty("attributes", out JsonElement _))
                    {
                        problems.Add($"{userId}: export still holds data");
                    }
                    try
                    {
                        await target.Events().GetActivityAsync(new GetActivityRequest { UserId = userId }, options);
                        problems.Add($"{userId}: activity readable after forget");
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
                    {
                    }
                });
                Console.Error.WriteLine($"forget-under-load: checked {forgotten.Count} forgotten users");
                return [.. problems.Take(20)];
            },
        };
    }

    /// <summary>Several tenants on one platform, one of them noisy (70% of the load): the quiet ones' latency is what to watch.</summary>
    private async Task<IReadOnlyList<Scenario>> MultiTenantMixAsync(LoadSimulation load)
    {
        var noisy = await TenantAsync("noisy");
        var quiet = new[] { await TenantAsync("quiet-a"), await TenantAsync("quiet-b"), await TenantAsync("quiet-c") };
        LoadSimulation Share(double share) => load switch
        {
            LoadSimulation.Inject inject => new LoadSimulation.Inject(inject.Rate * share, inject.RampTo * share),
            LoadSimulation.KeepConstant closed => new LoadSimulation.KeepConstant(Math.Max(1, (int)Math.Round(closed.Copies * share))),
            _ => load,
        };
        return
        [
            ReadWrite("mix-noisy-tenant", [noisy], Share(0.7)),
            ReadWrite("mix-quiet-tenants", quiet, Share(0.3)),
        ];
    }

    private Scenario ReadWrite(string name, LoadTenant[] tenants, LoadSimulation load) => new(name,
    [
        new Step("write", async c =>
        {
            var tenant = tenants[c.Iteration % tenants.Length];
            await target.Profiles().UpsertAttributesAsync(new UpsertAttributesRequest
            {
                UserId = RandomUser(),
                Attributes = { ["field_1"] = $"value {c.Iteration}" },
            }, PlatformTarget.With(tenant.ServerKey, c.Cancellation));
        }),
        new Step("read", async c =>
        {
            var tenant = tenants[c.Iteration % tenants.Length];
            try
            {
                await target.Profiles().GetProfileAsync(new GetProfileRequest { UserId = RandomUser() }, PlatformTarget.With(tenant.ServerKey, c.Cancellation));
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                // A user not written yet: an answer all the same.
            }
        }),
    ], load);

    /// <summary>The bare echo server's one call, with a payload the size of a small profile read.</summary>
    private Scenario Echo(LoadSimulation load)
    {
        var payload = Google.Protobuf.ByteString.CopyFrom(new byte[256]);
        return new Scenario("echo",
        [
            new Step("echo", async c => await target.Echo().EchoAsync(new Bench.V1.EchoMessage { Payload = payload }, cancellationToken: c.Cancellation)),
        ], load);
    }

    private async Task<LoadTenant> TenantAsync(string purpose)
    {
        if (SavedTenant is not null)
        {
            return SavedTenant;
        }
        if (PeerTenant is { } peer)
        {
            return new LoadTenant($"{peer}-{purpose}", $"{peer}-{purpose}", $"{peer}-{purpose}");
        }
        if (operatorKey.Length == 0)
        {
            throw new ArgumentException("no operator key: pass --operator-key, set ACTORS_OPERATOR_KEY, or run from the checkout after ./actors start");
        }
        var tenant = await LoadTenant.CreateAsync(target.Address, target.CaFile, operatorKey, $"load-{_run}-{purpose}", rawEventDays, TenantRegion);
        if (SaveTenantTo is { } path && !File.Exists(path))
        {
            tenant.Save(path);
        }
        return tenant;
    }

    private string RandomUser() => $"user-{Random.Shared.Next(users)}";

    private static EventBatch Batch(string userId, DateTimeOffset at, int count = EventsPerBatch)
    {
        var batch = new EventBatch();
        var occurredAt = Timestamp.FromDateTimeOffset(at);
        for (var i = 0; i < count; i++)
        {
            batch.Events.Add(new Event
            {
                UserId = userId,
                Name = (i % 4) switch { 0 => "app.open", 1 => "screen.view", 2 => "button.tap", _ => "purchase" },
                OccurredAt = occurredAt,
                Properties = { ["screen"] = "home", ["position"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }
        return batch;
    }
}
