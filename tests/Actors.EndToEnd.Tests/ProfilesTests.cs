using Actors.EndToEnd.Tests.Infrastructure;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class ProfilesTests(PlatformFixture fixture)
{
    [Fact]
    public async Task Upsert_creates_the_user_and_get_returns_every_attribute_with_its_purpose()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();

        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = "ada@example.com", ["favourite_topic"] = "engines" });
        var profile = await tenant.Server.GetProfileAsync(userId);

        Assert.Equal(userId, profile.UserId);
        Assert.Equal(["email", "favourite_topic"], profile.Attributes.Select(a => a.Name));
        Assert.Equal("ada@example.com", profile.Attributes[0].Value);
        Assert.Equal("account", profile.Attributes[0].Purpose);
        Assert.Equal("marketing", profile.Attributes[1].Purpose);
        Assert.Equal(1, profile.Version);
        Assert.NotNull(profile.CreatedAt);
        Assert.False(profile.Privacy.Suppressed);
    }

    [Fact]
    public async Task Upsert_is_a_partial_update_that_keeps_attributes_not_named()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["email"] = "a@example.com", ["name"] = "Ada" });

        var profile = await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["name"] = "Ada Lovelace", ["city"] = "London" });

        Assert.Equal(
            [("city", "London"), ("email", "a@example.com"), ("name", "Ada Lovelace")],
            profile.Attributes.Select(a => (a.Name, a.Value)));
        Assert.Equal(2, profile.Version);
    }

    [Fact]
    public async Task Rectify_replaces_the_value_and_counts_the_rectification()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Lodnon" });

        var profile = await tenant.Server.RectifyAttributeAsync(userId, "city", "London", "typo reported by the user");

        var city = Assert.Single(profile.Attributes);
        Assert.Equal("London", city.Value);
        Assert.Equal(1, city.Rectifications);
    }

    [Fact]
    public async Task A_rectification_keeps_its_reason_and_time_in_the_export_but_never_the_old_value()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        var wrong = TestTenant.NewMarker();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = wrong });

        await tenant.Server.RectifyAttributeAsync(userId, "city", "London", "typo reported by the user");
        await tenant.Server.RectifyAttributeAsync(userId, "city", "Londres", "the user prefers French");
        var json = (await tenant.Server.ExportAsync(userId)).Json;

        var rectifications = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("rectifications").EnumerateArray()
            .Select(r => (r.GetProperty("attribute").GetString(), r.GetProperty("reason").GetString(), r.GetProperty("rectified_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)))
            .ToList();
        Assert.Equal([("city", "the user prefers French", true), ("city", "typo reported by the user", true)], rectifications);
        Assert.DoesNotContain(wrong, json);
        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, wrong));
    }

    [Fact]
    public async Task Rectify_of_an_attribute_the_user_does_not_have_is_not_found()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Paris" });

        var refusal = await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.RectifyAttributeAsync(userId, "email", "x@example.com", "wrong"));
        Assert.Contains("email", refusal.Detail);
    }

    [Fact]
    public async Task Delete_removes_one_attribute_and_keeps_the_others()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var userId = TestTenant.NewUserId();
        await tenant.Server.UpsertAttributesAsync(userId, new Dictionary<string, string> { ["city"] = "Paris", ["name"] = "Zoe" });

        var profile = await tenant.Server.DeleteAttributeAsync(userId, "city");

        Assert.Equal(["name"], profile.Attributes.Select(a => a.Name));
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.DeleteAttributeAsync(userId, "city"));
    }

    [Fact]
    public async Task Get_of_an_unknown_user_is_not_found()
    {
        using var tenant = await fixture.CreateTenantAsync();

        var refusal = await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetProfileAsync(TestTenant.NewUserId()));
        Assert.Equal("no such user", refusal.Detail);
    }
}
