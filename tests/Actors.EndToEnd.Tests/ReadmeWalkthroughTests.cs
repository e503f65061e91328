using System.Text.Json;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests;

/// <summary>The walk-through of README.md, step by step, so that the README stays true.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReadmeWalkthroughTests(PlatformFixture fixture)
{
    [Fact]
    public async Task The_readme_walkthrough_works_as_written()
    {
        var address = fixture.Platform.Address;
        var tenantId = $"acme-{Guid.NewGuid():N}"[..16];
        using var admin = new ActorsAdminClient(new() { Address = address, CaCertificatePath = TestTls.CaFile, ApiKey = fixture.Platform.OperatorKey });

        await admin.CreateTenantAsync(tenantId, "ACME Ltd");
        await admin.DeclarePurposesAsync(tenantId, [new Purpose { Name = "account", Description = "running the account" }]);
        await admin.DeclareAttributesAsync(tenantId, [new AttributeDeclaration { Name = "email", Purpose = "account" }]);
        var key = await admin.IssueApiKeyAsync(tenantId, ApiKeyKind.Server, "backend");

        using var acme = new ActorsClient(new() { Address = address, CaCertificatePath = TestTls.CaFile, ApiKey = key.ApiKey });
        await acme.UpsertAttributesAsync("user-42", new Dictionary<string, string> { ["email"] = "ada@example.com" });
        await acme.GrantConsentAsync("user-42", "account", LawfulBasis.Contract, "web/signup", "2026-01");

        var export = await acme.ExportAsync("user-42");
        var document = JsonDocument.Parse(export.Json).RootElement;
        Assert.Equal("ada@example.com", document.GetProperty("attributes")[0].GetProperty("value").GetString());
        Assert.Equal("contract", document.GetProperty("consents").GetProperty("current")[0].GetProperty("lawful_basis").GetString());

        var device = await admin.IssueApiKeyAsync(tenantId, ApiKeyKind.Device, "ios app");
        var token = await acme.IssueDeviceTokenAsync("user-42");
        Assert.StartsWith("adt1.", token.Token);

        var certificate = await acme.ForgetAsync("user-42");
        Assert.Equal(1, certificate.AttributesErased);

        await using (var app = new Actors.Sdk.ActorsDevice(new Actors.Sdk.ActorsDeviceOptions
        {
            CaCertificatePath = TestTls.CaFile,
            Address = address, DeviceKey = device.ApiKey, UserId = "user-43",
            UserTokenProvider = async cancellation => (await acme.IssueDeviceTokenAsync("user-43", cancellation: cancellation)).Token,
        }))
        {
            app.Track("app.open");
            await app.FlushAsync();
            await app.SuppressAsync("tracking turned off");
        }
        Assert.True((await acme.GetProfileAsync("user-43")).Privacy.Suppressed);
        var refusal = await Expect.RefusedAsync(StatusCode.FailedPrecondition,
            () => acme.UpsertAttributesAsync("user-42", new Dictionary<string, string> { ["email"] = "ada@example.com" }));
        Assert.Contains("erased", refusal.Detail);

        var tooLong = await Expect.RefusedAsync(StatusCode.InvalidArgument, () => acme.GetProfileAsync(new string('x', 300)));
        Assert.Equal("user_id: is 300 UTF-8 bytes long; the limit is 256", tooLong.Detail);
    }
}
