using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class IsolationTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Another_tenant_with_a_guessed_user_id_finds_nothing_and_changes_nothing()
    {
        using var owner = await fixture.CreateTenantAsync();
        using var intruder = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await owner.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = "owner@example.com" });
        await owner.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web", "v1");
        var ownersExport = ExportJson.WithoutGenerationTime((await owner.Server.ExportAsync(userId)).Json);

        // Reads: exactly what a user that does not exist gets.
        var unknown = await Expect.RefusedAsync(StatusCode.NotFound, () => intruder.Server.GetProfileAsync(TestTenant.NewUserId()));
        var guessed = await Expect.RefusedAsync(StatusCode.NotFound, () => intruder.Server.GetProfileAsync(userId));
        Assert.Equal(unknown.Detail, guessed.Detail);
        await Expect.RefusedAsync(StatusCode.NotFound, () => intruder.Server.GetConsentsAsync(userId));
        await Expect.RefusedAsync(StatusCode.NotFound, () => intruder.Server.ExportAsync(userId));
        await Expect.RefusedAsync(StatusCode.NotFound, () => intruder.Server.UnsuppressAsync(userId));
        await Expect.RefusedAsync(StatusCode.NotFound, () => intruder.Server.DeleteAttributeAsync(userId, "email"));
        await Expect.RefusedAsync(StatusCode.NotFound, () => intruder.Server.RectifyAttributeAsync(userId, "email", "x@example.com", "mine"));

        // Writes land in the intruder's own namespace, never on the owner's user.
        await intruder.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = "intruder@example.com" });
        await intruder.Server.SuppressAsync(userId, "intruder");
        await intruder.Server.ForgetAsync(userId);

        Assert.Equal(ownersExport, ExportJson.WithoutGenerationTime((await owner.Server.ExportAsync(userId)).Json));
        var profile = await owner.Server.GetProfileAsync(userId);
        Assert.Equal("owner@example.com", Assert.Single(profile.Attributes).Value);
        Assert.False(profile.Privacy.Suppressed);
    }

    [Fact]
    public async Task A_device_key_may_suppress_and_forget_but_read_nothing()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Device" });

        var denied = await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.GetProfileAsync(userId));
        Assert.Contains("device key", denied.Detail);
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.GetConsentsAsync(userId));
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.ExportAsync(userId));
        await Expect.RefusedAsync(StatusCode.PermissionDenied,
            () => tenant.Device.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Changed" }));
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => tenant.Device.UnsuppressAsync(userId));
        using (var admin = fixture.Client(tenant.DeviceKey.ApiKey))
        {
            await Expect.RefusedAsync(StatusCode.PermissionDenied, () => admin.GetProfileAsync(userId));
        }

        var suppressed = await tenant.DeviceFor(userId).SuppressAsync(userId, "from the app");
        var erased = await tenant.DeviceFor(userId).ForgetAsync(userId);

        // The device key acted, but learned nothing of what was stored.
        Assert.True(suppressed.State.Suppressed);
        Assert.Equal((0L, ""), (suppressed.Version, suppressed.State.SuppressionReason));
        Assert.Equal((0, 0, false), (erased.AttributesErased, erased.ConsentRecordsErased, erased.ErasedNow));
        Assert.NotNull(erased.ErasedAt);
        Assert.True((await tenant.DeviceFor(userId).SuppressAsync(userId, "after erasure")).State.Suppressed);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetProfileAsync(userId));
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.SuppressAsync(userId, "after erasure"));
    }

    [Fact]
    public async Task Missing_wrong_and_revoked_keys_are_unauthenticated()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Key" });
        var server = tenant.ServerKey.ApiKey;
        var wrongSecret = server[..^4] + (server.EndsWith("AAAA") ? "BBBB" : "AAAA");

        foreach (var key in new[] { "", "not-a-key", wrongSecret, $"ak.{tenant.Id}.000000000000.secret", "ak.no-such-tenant.abc.def" })
        {
            using var client = fixture.Client(key);
            var refusal = await Expect.RefusedAsync(StatusCode.Unauthenticated, () => client.GetProfileAsync(userId));
            Assert.Contains("API key", refusal.Detail);
        }

        using var admin = fixture.Admin();
        await admin.RevokeApiKeyAsync(tenant.Id, tenant.ServerKey.Info.KeyId);
        await Expect.RefusedAsync(StatusCode.Unauthenticated, () => tenant.Server.GetProfileAsync(userId));
        var keys = await admin.ListApiKeysAsync(tenant.Id);
        Assert.NotNull(keys.Single(k => k.KeyId == tenant.ServerKey.Info.KeyId).RevokedAt);
        Assert.Null(keys.Single(k => k.KeyId == tenant.DeviceKey.Info.KeyId).RevokedAt);
    }

    [Fact]
    public async Task A_tenant_key_cannot_administer_tenants()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var asTenant = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = fixture.Platform.Address, ApiKey = tenant.ServerKey.ApiKey });

        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => asTenant.GetTenantAsync(tenant.Id));
        await Expect.RefusedAsync(StatusCode.PermissionDenied, () => asTenant.IssueApiKeyAsync(tenant.Id, ApiKeyKind.Server, "escalate"));
    }
}
