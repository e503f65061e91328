using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class TenantsTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_tenant_declares_purposes_and_attributes_and_gets_keys_shown_once()
    {
        using var admin = fixture.Admin();
        var id = $"acme-{Guid.NewGuid():N}"[..20];

        var created = await admin.CreateTenantAsync(id, "ACME Ltd");
        await admin.DeclarePurposesAsync(id, [new Purpose { Name = "billing", Description = "invoices" }]);
        var declared = await admin.DeclareAttributesAsync(id, [new AttributeDeclaration { Name = "vat_number", Purpose = "billing" }]);
        var key = await admin.IssueApiKeyAsync(id, ApiKeyKind.Server, "erp");
        var listed = Assert.Single(await admin.ListApiKeysAsync(id));

        Assert.Equal("ACME Ltd", created.DisplayName);
        Assert.Equal("billing", Assert.Single(declared.Purposes).Name);
        Assert.Equal(("vat_number", "billing"), (declared.Attributes[0].Name, declared.Attributes[0].Purpose));
        Assert.StartsWith($"ak.{id}.{key.Info.KeyId}.", key.ApiKey);
        Assert.Equal(key.Info.KeyId, listed.KeyId);
        Assert.Equal(ApiKeyKind.Server, listed.Kind);
        Assert.Equal("erp", listed.Label);
        using var client = fixture.Client(key.ApiKey);
        var profile = await client.UpsertAttributesAsync("customer-1", new Dictionary<string, string> { ["vat_number"] = "GB123" });
        Assert.Equal("billing", Assert.Single(profile.Attributes).Purpose);
    }

    [Fact]
    public async Task A_tenant_is_created_in_a_region_of_the_platform_and_its_export_names_it()
    {
        using var admin = fixture.Admin();
        var id = $"region-{Guid.NewGuid():N}"[..20];

        var unknown = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.CreateTenantAsync(id, "Nowhere", region: "mars"));
        Assert.Equal("region", Assert.Single(unknown.FieldViolations).Field);
        Assert.Contains("'mars', which is not a region of this platform; it has: local", unknown.Detail);
        var malformed = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.CreateTenantAsync(id, "Nowhere", region: "EU!"));
        Assert.Contains("is not a region name", malformed.Detail);
        await Expect.RefusedAsync(StatusCode.NotFound, () => admin.GetTenantAsync(id));

        Assert.Equal("local", (await admin.CreateTenantAsync(id, "Here", region: "local")).Region);
        Assert.Equal("local", (await admin.GetTenantAsync(id)).Region);
        var again = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.CreateTenantAsync(id, "Elsewhere", region: "us"));
        Assert.Equal("region", Assert.Single(again.FieldViolations).Field);
        Assert.Equal("Here", (await admin.GetTenantAsync(id)).DisplayName);

        using var tenant = await fixture.CreateTenantAsync();
        await tenant.Server.UpsertAttributesAsync("user-1", new Dictionary<string, string> { ["city"] = "Utrecht" });
        var export = System.Text.Json.Nodes.JsonNode.Parse((await tenant.Server.ExportAsync("user-1")).Json)!;
        Assert.Equal("local", (string?)export["region"]);
    }

    [Fact]
    public async Task Key_plaintext_is_never_stored()
    {
        using var tenant = await fixture.CreateTenantAsync();
        var secret = tenant.ServerKey.ApiKey.Split('.')[3];

        Assert.Empty(await DatabaseSearch.FindAsync(fixture.Database, secret));
    }

    [Fact]
    public async Task Refusals_name_what_is_wrong()
    {
        using var admin = fixture.Admin();
        var id = $"dup-{Guid.NewGuid():N}"[..16];
        await admin.CreateTenantAsync(id, "Dup");

        await Expect.RefusedAsync(StatusCode.AlreadyExists, () => admin.CreateTenantAsync(id, "Dup again"));
        await Expect.RefusedAsync(StatusCode.NotFound, () => admin.GetTenantAsync("no-such-tenant"));
        var badId = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.CreateTenantAsync("Bad Id!", "x"));
        Assert.Equal("tenant_id", Assert.Single(badId.FieldViolations).Field);
        var undeclared = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => admin.DeclareAttributesAsync(id, [new AttributeDeclaration { Name = "phone", Purpose = "sales" }]));
        Assert.Equal("attributes[0].purpose", Assert.Single(undeclared.FieldViolations).Field);
        Assert.Contains("sales", undeclared.Detail);
        await Expect.RefusedAsync(StatusCode.InvalidArgument, () => admin.IssueApiKeyAsync(id, ApiKeyKind.Unspecified, "x"));
        await Expect.RefusedAsync(StatusCode.NotFound, () => admin.RevokeApiKeyAsync(id, "nope"));
        Assert.Empty((await admin.GetTenantAsync(id)).Attributes);
    }
}
