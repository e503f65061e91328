using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Actors.Client;
using Actors.EndToEnd.Tests.Infrastructure;
using Grpc.Core;

namespace Actors.EndToEnd.Tests.Tls;

/// <summary>TLS is the only way in: plaintext is refused, and a client that does not trust the platform's CA says so.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GatewayTlsTests(PlatformFixture fixture)
{
    [Fact]
    public async Task An_h2c_connection_to_the_gateway_is_refused()
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{fixture.Platform.Address.Port}/grpc.health.v1.Health/Check")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");

        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request));
    }

    [Fact]
    public async Task A_plain_HTTP_request_to_the_JSON_routes_is_refused()
    {
        using var http = new HttpClient(new SocketsHttpHandler());

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{fixture.Platform.JsonAddress.Port}/opendsr/v1/discovery"));
        // The same route over TLS answers.
        using var tls = TestTls.Http(fixture.Platform.JsonAddress);
        Assert.True((await tls.GetAsync("/opendsr/v1/discovery")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_client_that_trusts_another_CA_or_only_the_system_store_fails_saying_the_certificate_was_not_trusted()
    {
        using var other = new OtherCertificateAuthority();
        var otherCa = other.CaFile;
        using var wrongCa = new ActorsClient(new ActorsClientOptions { Address = fixture.Platform.Address, ApiKey = "ak.x.y.z", CaCertificatePath = otherCa });
        using var systemStore = new ActorsClient(new ActorsClientOptions { Address = fixture.Platform.Address, ApiKey = "ak.x.y.z" });

        var refused = await Expect.RefusedAsync(StatusCode.Unavailable, () => wrongCa.GetProfileAsync("u"));
        var untrusted = await Expect.RefusedAsync(StatusCode.Unavailable, () => systemStore.GetProfileAsync("u"));

        Assert.StartsWith($"the platform's TLS certificate was not trusted by the CA in {otherCa}", refused.Detail);
        Assert.StartsWith("the platform's TLS certificate was not trusted by the system trust store", untrusted.Detail);
    }

    [Fact]
    public async Task The_gateway_speaks_TLS_1_2_or_1_3_only_and_offers_h2()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Platform.Address.Port);
        using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, TestTls.Trust.Validate);
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [System.Net.Security.SslApplicationProtocol.Http2],
        });

        Assert.Contains(tls.SslProtocol, new[] { System.Security.Authentication.SslProtocols.Tls12, System.Security.Authentication.SslProtocols.Tls13 });
        Assert.Equal(System.Net.Security.SslApplicationProtocol.Http2, tls.NegotiatedApplicationProtocol);
    }
}
