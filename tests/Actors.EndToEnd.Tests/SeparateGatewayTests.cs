using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

/// <summary>
/// The scale-out shape: a silo process and a separate gateway process that joins the cluster as
/// an Orleans client, found through the membership table. Same code as the default, one setting.
/// </summary>
public sealed class SeparateGatewayTests
{
    [Fact]
    public async Task A_gateway_process_serves_the_whole_api_through_a_separate_silo_process()
    {
        await using var database = await TestDatabase.CreateAsync();
        var secrets = new PlatformSecrets();
        var operatorKey = secrets.OperatorKey;
        await using var silo = await PlatformProcess.StartAsync("Silo", secrets.SettingsFor(database));
        await using var gateway = await PlatformProcess.StartAsync("Gateway", secrets.SettingsFor(database));

        using var admin = new ActorsAdminClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = gateway.Address, ApiKey = operatorKey });
        await admin.CreateTenantAsync("scale", "Scale-out Ltd");
        await admin.DeclarePurposesAsync("scale", [new Purpose { Name = "account" }]);
        await admin.DeclareAttributesAsync("scale", [new AttributeDeclaration { Name = "email", Purpose = "account" }]);
        var key = await admin.IssueApiKeyAsync("scale", ApiKeyKind.Server, "backend");
        using var client = new ActorsClient(new ActorsClientOptions { CaCertificatePath = TestTls.CaFile, Address = gateway.Address, ApiKey = key.ApiKey });

        var profile = await client.UpsertAttributesAsync("remote", new Dictionary<string, string> { ["email"] = "remote@example.com" });
        Assert.Equal("remote@example.com", Assert.Single(profile.Attributes).Value);
        // Refusals raised in the silo cross the process boundary with their status and message.
        var missing = await Expect.RefusedAsync(StatusCode.NotFound, () => client.GetProfileAsync("nobody"));
        Assert.Equal("no such user", missing.Detail);
        await Expect.RefusedAsync(StatusCode.AlreadyExists, () => admin.CreateTenantAsync("scale", "again"));
        await client.ForgetAsync("remote");
        var erased = await Expect.RefusedAsync(StatusCode.FailedPrecondition,
            () => client.UpsertAttributesAsync("remote", new Dictionary<string, string> { ["email"] = "back@example.com" }));
        Assert.Contains("erased", erased.Detail);
        Assert.Empty(await DatabaseSearch.FindAsync(database, "remote@example.com"));
        // The gateway process writes its own audit entries, to the same per-tenant chain.
        Assert.Equal(["attributes.upsert", "user.forget"], (await client.ListUserAuditEntriesAsync("remote")).Entries.Select(e => e.Operation));
        var audit = await client.VerifyAuditTrailAsync();
        Assert.True(audit.Ok, audit.Reason);
        Assert.Equal(6, audit.EntriesChecked); // 4 administration steps, the upsert, the forget
    }
}
