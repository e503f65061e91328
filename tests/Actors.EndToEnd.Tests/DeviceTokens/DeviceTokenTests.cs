using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.DeviceTokens;

/// <summary>
/// A device key ships inside the app, so anyone can extract it: alone it must not erase or
/// silence anyone. Each refusal is checked to change nothing for the user targeted. Its own
/// platform, because one test moves the platform's clock.
/// </summary>
public sealed class DeviceTokenTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task A_device_key_without_a_token_can_neither_forget_nor_suppress_nor_unsuppress_anyone()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var (victim, restricted) = (await StoredUserAsync(tenant), await StoredUserAsync(tenant));
        await tenant.Server.SuppressAsync(restricted, "asked by phone");
        var before = await SnapshotAsync(tenant, victim, restricted);

        foreach (var call in new Func<Task>[]
        {
            () => tenant.Device.ForgetAsync(victim),
            () => tenant.Device.SuppressAsync(victim, "silenced"),
            () => tenant.Device.UnsuppressAsync(restricted),
        })
        {
            var refusal = await Expect.RefusedAsync(StatusCode.PermissionDenied, call);
            Assert.Contains("needs a user token", refusal.Detail);
            Assert.Equal("x-device-token", Assert.Single(refusal.FieldViolations).Field);
        }

        Assert.Equal(before, await SnapshotAsync(tenant, victim, restricted));
    }

    [Fact]
    public async Task A_token_for_one_user_cannot_act_on_another()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var (own, other) = (await StoredUserAsync(tenant), await StoredUserAsync(tenant));
        var before = await SnapshotAsync(tenant, other);
        var app = tenant.DeviceFor(own);

        foreach (var call in new Func<Task>[]
        {
            () => app.ForgetAsync(other),
            () => app.SuppressAsync(other, "not mine"),
            () => app.SendEventsAsync([TestEvents.At(other, "app.open", DateTimeOffset.UtcNow)]),
        })
        {
            var refusal = await Expect.RefusedAsync(StatusCode.PermissionDenied, call);
            Assert.Contains("issued for another user", refusal.Detail);
        }

        Assert.Equal(before, await SnapshotAsync(tenant, other));
        // The token works for its own user.
        await app.SuppressAsync(own, "from the app");
        Assert.True((await tenant.Server.GetProfileAsync(own)).Privacy.Suppressed);
    }

    [Fact]
    public async Task Tampered_other_tenants_expired_and_revoked_tokens_are_refused()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var otherTenant = await fixture.CreateTenantAsync();
        var userId = await StoredUserAsync(tenant);
        var before = await SnapshotAsync(tenant, userId);
        var token = (await tenant.Server.IssueDeviceTokenAsync(userId)).Token;
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1][..^2]}{(parts[1][^2] == 'A' ? 'B' : 'A')}{parts[1][^1]}.{parts[2]}";
        var foreign = (await otherTenant.Server.IssueDeviceTokenAsync(userId)).Token;

        await RefusedWithAsync(tenant, tampered, userId, "not a device token", "does not verify");
        await RefusedWithAsync(tenant, foreign, userId, "another tenant");
        await RefusedWithAsync(tenant, "adt1.garbage", userId, "not a device token");

        var shortLived = (await tenant.Server.IssueDeviceTokenAsync(userId, TimeSpan.FromMinutes(1))).Token;
        fixture.Platform.Clock.Advance(TimeSpan.FromMinutes(2));
        await RefusedWithAsync(tenant, shortLived, userId, "expired");

        await tenant.Server.RevokeDeviceTokensAsync(userId);
        await RefusedWithAsync(tenant, token, userId, "revoked");
        Assert.Equal(before, await SnapshotAsync(tenant, userId));

        // A token issued after the revocation works.
        using var app = WithToken(tenant, (await tenant.Server.IssueDeviceTokenAsync(userId)).Token);
        await app.ForgetAsync(userId);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetProfileAsync(userId));
    }

    [Fact]
    public async Task A_token_allows_only_the_actions_it_was_issued_for()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = await StoredUserAsync(tenant);
        var issued = await tenant.Server.IssueDeviceTokenAsync(userId, actions: [DeviceAction.Events]);
        using var app = WithToken(tenant, issued.Token);

        Assert.Equal([DeviceAction.Events], issued.Actions);
        var refusal = await Expect.RefusedAsync(StatusCode.PermissionDenied, () => app.ForgetAsync(userId));
        Assert.Contains("does not allow forget", refusal.Detail);
        await app.SendEventsAsync([TestEvents.At(userId, "app.open", DateTimeOffset.UtcNow)]);
        Assert.Single((await tenant.Server.GetActivityAsync(userId)).Counts);
        Assert.Single((await tenant.Server.GetProfileAsync(userId)).Attributes);
    }

    [Fact]
    public async Task Events_need_a_token_for_a_named_user_and_anonymous_ids_only_where_the_key_allows_them()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin();
        var anonymousKey = await admin.IssueApiKeyAsync(tenant.Id, ApiKeyKind.Device, "web", allowAnonymousEvents: true);
        using var anonymousApp = fixture.Client(anonymousKey.ApiKey);
        var (named, anonymous) = (TestTenant.NewUserId(), $"anon:{Guid.NewGuid():N}");
        var now = DateTimeOffset.UtcNow;

        var refusal = await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.SendEventsAsync([TestEvents.At(anonymous, "app.open", now)]));
        Assert.Contains("does not allow anonymous events", refusal.Detail);
        refusal = await Expect.RefusedAsync(StatusCode.PermissionDenied,
            () => anonymousApp.SendEventsAsync([TestEvents.At(anonymous, "app.open", now), TestEvents.At(named, "app.open", now)]));
        Assert.Equal("events[1].user_id", Assert.Single(refusal.FieldViolations).Field);
        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.IssueApiKeyAsync(tenant.Id, ApiKeyKind.Server, "x", allowAnonymousEvents: true));
        Assert.True((await admin.ListApiKeysAsync(tenant.Id)).Single(k => k.KeyId == anonymousKey.Info.KeyId).AllowAnonymousEvents);

        Assert.Equal(1, (await anonymousApp.SendEventsAsync([TestEvents.At(anonymous, "app.open", now)])).Received);
        Assert.Single((await tenant.Server.GetActivityAsync(anonymous)).Counts);
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetActivityAsync(named));
    }

    [Fact]
    public async Task Token_lifetimes_and_actions_outside_the_rules_are_refused_naming_the_field()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();

        var tooLong = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.IssueDeviceTokenAsync(userId, TimeSpan.FromDays(31)));
        var tooShort = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.IssueDeviceTokenAsync(userId, TimeSpan.FromSeconds(5)));
        var action = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => tenant.Server.IssueDeviceTokenAsync(userId, actions: [(DeviceAction)9]));
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.IssueDeviceTokenAsync(userId));

        Assert.Equal(["ttl", "ttl", "actions[0]"], new[] { tooLong, tooShort, action }.Select(r => Assert.Single(r.FieldViolations).Field));
        var issued = await tenant.Server.IssueDeviceTokenAsync(userId);
        Assert.InRange(issued.ExpiresAt.ToDateTimeOffset() - fixture.Platform.Clock.GetUtcNow(), TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        Assert.DoesNotContain(userId, issued.Token); // the token names the user by pseudonym only
    }

    private async Task RefusedWithAsync(TestTenant tenant, string token, string userId, params string[] reasons)
    {
        using var app = WithToken(tenant, token);
        var refusal = await Expect.RefusedAsync(StatusCode.PermissionDenied, () => app.ForgetAsync(userId));
        Assert.True(reasons.Any(refusal.Detail.Contains), refusal.Detail);
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => app.SuppressAsync(userId, "x"));
    }

    /// <summary>A device client that always presents <paramref name="token"/>.</summary>
    private ActorsClient WithToken(TestTenant tenant, string token) => new(new ActorsClientOptions
    {
        CaCertificatePath = TestTls.CaFile,
        Address = fixture.Platform.Address,
        ApiKey = tenant.DeviceKey.ApiKey,
        DeviceTokenProvider = _ => Task.FromResult(token),
    });

    private static async Task<string> StoredUserAsync(TestTenant tenant)
    {
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Ada" });
        return userId;
    }

    /// <summary>Everything about the users that a refused call must leave as it was.</summary>
    private static async Task<string> SnapshotAsync(TestTenant tenant, params string[] userIds)
    {
        var parts = new List<string>();
        foreach (var userId in userIds)
        {
            parts.Add(ExportJson.WithoutGenerationTime((await tenant.Server.ExportAsync(userId)).Json));
        }
        return string.Join("\n", parts);
    }
}
