using System.Text.Json;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class PrivacyTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_suppressed_user_stays_readable_refuses_new_data_and_may_still_withdraw()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Grace" });
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web", "v1");

        var status = await tenant.Server.SuppressAsync(userId, "user objected by e-mail");

        Assert.True(status.State.Suppressed);
        Assert.Equal("user objected by e-mail", status.State.SuppressionReason);
        var upsert = await Expect.RefusedAsync(StatusCode.FailedPrecondition,
            () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Arlington" }));
        Assert.Contains("suppressed", upsert.Detail);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition,
            () => tenant.Server.GrantConsentAsync(userId, "account", LawfulBasis.Contract, "web", "v1"));
        var withdrawn = await tenant.Server.WithdrawConsentAsync(userId, "marketing", "web", "v1");
        Assert.False(Assert.Single(withdrawn.Current).Granted);
        var profile = await tenant.Server.GetProfileAsync(userId);
        Assert.Equal(["name"], profile.Attributes.Select(a => a.Name));
        Assert.True(profile.Privacy.Suppressed);

        await tenant.Server.UnsuppressAsync(userId);
        var after = await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Arlington" });
        Assert.False(after.Privacy.Suppressed);
        Assert.Equal(["city", "name"], after.Attributes.Select(a => a.Name));
    }

    [Fact]
    public async Task Suppressing_an_unknown_user_keeps_later_data_out()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();

        await tenant.DeviceFor(userId).SuppressAsync(userId, "set in the app before sign-up");

        await Expect.RefusedAsync(StatusCode.FailedPrecondition,
            () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Late" }));
        Assert.Empty((await tenant.Server.GetProfileAsync(userId)).Attributes);
    }

    [Fact]
    public async Task Forget_deletes_every_byte_of_the_user_from_PostgreSQL_and_refuses_later_writes()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var marker = TestTenant.NewMarker();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = $"{marker}@example.com", ["name"] = "Alan" });
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, $"source-{marker}", "v1");
        await tenant.Server.SuppressAsync(userId, $"reason-{marker}");
        // Sealed: SQL alone reads nothing of it, while the key store and master key still open it
        // (so the search can fail).
        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, marker));
        Assert.NotEmpty(await DatabaseSearch.FindAsync(fixture.Database, marker, fixture.Platform.Secrets));

        var certificate = await tenant.Server.ForgetAsync(userId);

        Assert.True(certificate.ErasedNow);
        Assert.Equal(2, certificate.AttributesErased);
        Assert.Equal(1, certificate.ConsentRecordsErased);
        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, marker, fixture.Platform.Secrets));
        using var export = JsonDocument.Parse((await tenant.Server.ExportAsync(userId)).Json);
        Assert.Equal("erased", export.RootElement.GetProperty("status").GetString());
        Assert.False(export.RootElement.TryGetProperty("attributes", out _));
        var upsert = await Expect.RefusedAsync(StatusCode.FailedPrecondition,
            () => tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Alan" }));
        Assert.Contains("erased", upsert.Detail);
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web", "v1"));
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.SuppressAsync(userId, "again"));
        await Expect.RefusedAsync(StatusCode.FailedPrecondition, () => tenant.Server.GetProfileAsync(userId));
        var again = await tenant.DeviceFor(userId).ForgetAsync(userId);
        Assert.False(again.ErasedNow);
        Assert.Equal(certificate.ErasedAt, again.ErasedAt);
    }

    [Fact]
    public async Task No_user_id_is_ever_written_to_the_database()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = $"{TestTenant.NewMarker()}@example.com";
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Pseudonymous" });
        await tenant.Server.ForgetAsync(userId);

        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, userId, fixture.Platform.Secrets));
    }

    [Fact]
    public async Task Export_holds_everything_about_the_user_field_by_field()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = "mary@example.com", ["city"] = "Lyme" });
        await tenant.Server.RectifyAttributeAsync(userId, "city", "Lyme Regis", "incomplete");
        await tenant.Server.GrantConsentAsync(userId, "marketing", LawfulBasis.Consent, "web/footer", "2026-03");
        await tenant.Server.WithdrawConsentAsync(userId, "marketing", "e-mail link", "2026-03");
        await tenant.Server.SuppressAsync(userId, "accuracy contested");

        var document = await tenant.Server.ExportAsync(userId);

        Assert.Equal("application/json", document.ContentType);
        Assert.Equal(userId, document.UserId);
        var root = JsonDocument.Parse(document.Json).RootElement;
        Assert.Equal("actors.user-export.v1", root.GetProperty("format").GetString());
        Assert.Equal(tenant.Id, root.GetProperty("tenant_id").GetString());
        Assert.Equal(userId, root.GetProperty("user_id").GetString());
        Assert.Equal("active", root.GetProperty("status").GetString());
        Assert.Equal(5, root.GetProperty("version").GetInt64());
        Assert.InRange(root.GetProperty("created_at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.True(root.GetProperty("updated_at").GetDateTimeOffset() >= root.GetProperty("created_at").GetDateTimeOffset());

        var attributes = root.GetProperty("attributes").EnumerateArray().ToArray();
        Assert.Equal(2, attributes.Length);
        Assert.Equal("city", attributes[0].GetProperty("name").GetString());
        Assert.Equal("Lyme Regis", attributes[0].GetProperty("value").GetString());
        Assert.Equal("account", attributes[0].GetProperty("purpose").GetString());
        Assert.Equal("running the user's account", attributes[0].GetProperty("purpose_description").GetString());
        Assert.Equal(1, attributes[0].GetProperty("rectifications").GetInt32());
        Assert.Equal("email", attributes[1].GetProperty("name").GetString());
        Assert.Equal("mary@example.com", attributes[1].GetProperty("value").GetString());
        Assert.Equal(0, attributes[1].GetProperty("rectifications").GetInt32());

        var consents = root.GetProperty("consents");
        var current = Assert.Single(consents.GetProperty("current").EnumerateArray());
        Assert.Equal("marketing", current.GetProperty("purpose").GetString());
        Assert.False(current.GetProperty("granted").GetBoolean());
        Assert.Equal("consent", current.GetProperty("lawful_basis").GetString());
        Assert.Equal("e-mail link", current.GetProperty("source").GetString());
        Assert.Equal("2026-03", current.GetProperty("policy_version").GetString());
        var history = consents.GetProperty("history").EnumerateArray().ToArray();
        Assert.Equal([false, true], history.Select(h => h.GetProperty("granted").GetBoolean()));
        Assert.Equal("web/footer", history[1].GetProperty("source").GetString());
        Assert.True(history[1].TryGetProperty("occurred_at", out _) && history[1].TryGetProperty("recorded_at", out _));

        var suppression = root.GetProperty("suppression");
        Assert.True(suppression.GetProperty("suppressed").GetBoolean());
        Assert.Equal("accuracy contested", suppression.GetProperty("reason").GetString());
        Assert.InRange(suppression.GetProperty("since").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);

        var retention = root.GetProperty("retention");
        Assert.Equal("kept until erased", retention.GetProperty("policy").GetString());
        Assert.Equal(0, retention.GetProperty("scheduled_deletions").GetArrayLength());
    }

    [Fact]
    public async Task Export_of_an_unknown_user_is_not_found()
    {
        using var tenant = await fixture.CreateTenantAsync();

        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.ExportAsync(TestTenant.NewUserId()));
    }

    [Fact]
    public async Task The_export_lists_each_suppression_and_its_lifting_with_source_and_reason()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Ada" });

        await tenant.DeviceFor(userId).SuppressAsync(userId, "tracking off in the app");
        await tenant.Server.UnsuppressAsync(userId);
        await tenant.Server.SuppressAsync(userId, "accuracy contested");
        var suppression = System.Text.Json.JsonDocument.Parse((await tenant.Server.ExportAsync(userId)).Json).RootElement.GetProperty("suppression");

        Assert.True(suppression.GetProperty("suppressed").GetBoolean());
        Assert.Equal(
            [("suppressed", "backend", "accuracy contested"), ("unsuppressed", "backend", ""), ("suppressed", "device", "tracking off in the app")],
            suppression.GetProperty("history").EnumerateArray().Select(c => (c.GetProperty("change").GetString(), c.GetProperty("source").GetString(), c.GetProperty("reason").GetString())));
    }
}
