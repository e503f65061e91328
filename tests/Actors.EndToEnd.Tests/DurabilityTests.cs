using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;

namespace Actors.EndToEnd.Tests;

/// <summary>What was acknowledged is in PostgreSQL: it survives stopping the whole platform.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Everything_acknowledged_is_read_back_after_a_full_restart()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var platform = new RunningPlatform(database);
        await platform.StartAsync();
        const string tenant = "durable";
        string key;
        using (var admin = Admin(platform))
        {
            await admin.CreateTenantAsync(tenant, "Durable Ltd");
            await admin.DeclarePurposesAsync(tenant, [new Purpose { Name = "account" }, new Purpose { Name = "marketing" }]);
            await admin.DeclareAttributesAsync(tenant, [new AttributeDeclaration { Name = "email", Purpose = "account" }]);
            key = (await admin.IssueApiKeyAsync(tenant, ApiKeyKind.Server, "backend")).ApiKey;
        }
        using (var client = Client(platform, key))
        {
            await client.UpsertAttributesAsync("kept", new Dictionary<string, string> { ["email"] = "kept@example.com" });
            await client.GrantConsentAsync("kept", "marketing", LawfulBasis.Consent, "web", "v7");
            await client.SuppressAsync("kept", "paused");
            await client.UpsertAttributesAsync("erased", new Dictionary<string, string> { ["email"] = "erased@example.com" });
            await client.ForgetAsync("erased");
        }

        await platform.StopAsync();
        await platform.StartAsync();

        using var after = Client(platform, key);
        var profile = await after.GetProfileAsync("kept");
        Assert.Equal("kept@example.com", Assert.Single(profile.Attributes).Value);
        Assert.True(profile.Privacy.Suppressed);
        Assert.Equal("paused", profile.Privacy.SuppressionReason);
        Assert.Equal(3, profile.Version);
        var consent = Assert.Single((await after.GetConsentsAsync("kept")).Current);
        Assert.Equal(("marketing", true, "v7"), (consent.Purpose, consent.Granted, consent.PolicyVersion));
        await Assert.ThrowsAsync<ActorsApiException>(() => after.UpsertAttributesAsync("erased", new Dictionary<string, string> { ["email"] = "back@example.com" }));
        Assert.Empty(await DatabaseSearch.FindAsync(database, "erased@example.com"));
    }

    private static ActorsAdminClient Admin(RunningPlatform platform) =>
        new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = platform.OperatorKey });

    private static ActorsClient Client(RunningPlatform platform, string key) =>
        new(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = platform.Address, ApiKey = key });
}
