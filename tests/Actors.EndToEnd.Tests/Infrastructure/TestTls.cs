using Actors.Client.Tls;
using Grpc.Net.Client;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The local CA and server certificate ./actors test made under .actors/tls/: every platform of
/// the tests serves TLS with them, and every client of the tests verifies the CA. No test
/// reaches the platform in clear.
/// </summary>
public static class TestTls
{
    private static readonly string Directory = Environment.GetEnvironmentVariable("ACTORS_TEST_TLS") is { Length: > 0 } dir
        ? dir
        : throw new InvalidOperationException("ACTORS_TEST_TLS is not set: run the tests with ./actors test, which makes the local CA and sets it");

    public static string CaFile { get; } = Path.Combine(Directory, "ca.crt");

    public static PlatformCertificateTrust Trust { get; } = new(CaFile);

    /// <summary>The platform's certificate settings, as ./actors passes them.</summary>
    public static Dictionary<string, string> Settings() => new()
    {
        ["Kestrel:Certificates:Default:Path"] = Path.Combine(Directory, "server.crt"),
        ["Kestrel:Certificates:Default:KeyPath"] = Path.Combine(Directory, "server.key"),
        ["Actors:Tls:CaPath"] = CaFile,
    };

    /// <summary>An HTTP handler that trusts the local CA only.</summary>
    public static SocketsHttpHandler Handler(System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate = null) => Trust.Handler(clientCertificate);

    public static HttpClient Http(Uri baseAddress) => new(Handler()) { BaseAddress = baseAddress };

    public static GrpcChannel Channel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = Handler() });
}
