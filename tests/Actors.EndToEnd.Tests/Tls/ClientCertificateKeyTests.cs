using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Actors.V1;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Tls;

/// <summary>
/// Mutual TLS per API key: a server key bound to a client certificate works only over a TLS
/// connection that presents that certificate; without it, or with another, the call is
/// UNAUTHENTICATED and says a client certificate is required.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ClientCertificateKeyTests(PlatformFixture fixture)
{
    [Fact]
    public async Task A_key_bound_to_a_client_certificate_is_refused_without_that_certificate_and_works_with_it()
    {
        using var authority = new OtherCertificateAuthority();
        using var bound = Load(authority.IssueServerCertificate());
        using var another = Load(authority.IssueServerCertificate());
        using var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin();
        var fingerprint = bound.GetCertHashString(HashAlgorithmName.SHA256);
        var key = await admin.IssueApiKeyAsync(tenant.Id, ApiKeyKind.Server, "bound backend", clientCertificateSha256: fingerprint);
        Assert.Equal(fingerprint.ToLowerInvariant(), key.Info.ClientCertificateSha256);
        Assert.Contains(await admin.ListApiKeysAsync(tenant.Id), k => k.KeyId == key.Info.KeyId && k.ClientCertificateSha256 == key.Info.ClientCertificateSha256);

        using var withoutCertificate = Client(key.ApiKey, null);
        using var withAnother = Client(key.ApiKey, another);
        using var withBound = Client(key.ApiKey, bound);

        var missing = await Expect.RefusedAsync(StatusCode.Unauthenticated,
            () => withoutCertificate.UpsertAttributesAsync("mtls-user", new Dictionary<string, string> { ["email"] = "a@example.com" }));
        var wrong = await Expect.RefusedAsync(StatusCode.Unauthenticated,
            () => withAnother.UpsertAttributesAsync("mtls-user", new Dictionary<string, string> { ["email"] = "b@example.com" }));
        Assert.Contains("a client certificate is required", missing.Detail);
        Assert.Contains("a client certificate is required", wrong.Detail);
        Assert.Contains("another client certificate", wrong.Detail);
        // Nothing was stored by the refused calls; the bound certificate gets in.
        await Expect.RefusedAsync(StatusCode.NotFound, () => tenant.Server.GetProfileAsync("mtls-user"));
        var profile = await withBound.UpsertAttributesAsync("mtls-user", new Dictionary<string, string> { ["email"] = "c@example.com" });
        Assert.Equal("c@example.com", Assert.Single(profile.Attributes).Value);

        // The JSON routes answer the same refusal, as their JSON error.
        using var json = new HttpClient(TestTls.Handler()) { BaseAddress = fixture.Platform.JsonAddress };
        json.DefaultRequestHeaders.Add("x-api-key", key.ApiKey);
        using var refused = await json.PostAsJsonAsync("/v1/events:batch", new { events = new[] { new { userId = "mtls-user", name = "opened", occurredAt = DateTimeOffset.UtcNow.ToString("O") } } });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("a client certificate is required", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_binding_must_be_a_sha256_and_applies_to_server_keys_only()
    {
        using var tenant = await fixture.CreateTenantAsync();
        using var admin = fixture.Admin();

        var malformed = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => admin.IssueApiKeyAsync(tenant.Id, ApiKeyKind.Server, "bad", clientCertificateSha256: "abc"));
        var device = await Expect.RefusedAsync(StatusCode.InvalidArgument,
            () => admin.IssueApiKeyAsync(tenant.Id, ApiKeyKind.Device, "device", clientCertificateSha256: new string('a', 64)));

        Assert.Contains("client_certificate_sha256", malformed.Detail);
        Assert.Contains("64 hexadecimal characters", malformed.Detail);
        Assert.Contains("server keys only", device.Detail);
        // Neither refused call left a key behind: the tenant still holds its two keys.
        Assert.Equal(2, (await admin.ListApiKeysAsync(tenant.Id)).Count);
    }

    private ActorsClient Client(string apiKey, X509Certificate2? certificate) => new(new ActorsClientOptions
    {
        CaCertificatePath = TestTls.CaFile,
        Address = fixture.Platform.Address,
        ApiKey = apiKey,
        ClientCertificate = certificate,
    });

    private static X509Certificate2 Load((string CertificateFile, string KeyFile) files)
    {
        using var pem = X509Certificate2.CreateFromPemFile(files.CertificateFile, files.KeyFile);
        // SslStream on Linux needs a key it can hand to OpenSSL as a persisted one.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
