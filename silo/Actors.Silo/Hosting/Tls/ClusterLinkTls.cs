using System.Net.Security;
using System.Security.Authentication;
using Actors.Client.Tls;
using Orleans.Connections.Security;

namespace Actors.Silo.Hosting.Tls;

/// <summary>
/// Silo-to-silo links and a gateway process's links to the silos: TLS with mutual
/// authentication. Each side presents the platform's certificate and requires the other's to be
/// signed by the cluster's CA (<c>Actors:Tls:CaPath</c>), so a process without a certificate
/// from that CA can neither join the cluster nor call into it.
/// </summary>
public static class ClusterLinkTls
{
    public static ISiloBuilder UseClusterLinkTls(this ISiloBuilder silo, PlatformTls tls)
    {
        if (tls.Certificate is not null)
        {
            silo.UseTls(tls.Certificate, options => Configure(options, tls));
        }
        return silo;
    }

    public static IClientBuilder UseClusterLinkTls(this IClientBuilder client, PlatformTls tls)
    {
        if (tls.Certificate is not null)
        {
            client.UseTls(tls.Certificate, options => Configure(options, tls));
        }
        return client;
    }

    private static void Configure(TlsOptions options, PlatformTls tls)
    {
        // The same check the clients make of the gateway, against the cluster's CA only: a
        // certificate from the system store would let any holder of a public certificate in.
        var trust = new PlatformCertificateTrust(tls.CaPath);
        options.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Silos reach each other by the addresses in the membership table, not by a host name:
        // membership of the cluster is proven by the CA's signature, so the name is not compared.
        options.RemoteCertificateValidation = (certificate, chain, errors) =>
            trust.Validate(options, certificate, chain, errors & ~SslPolicyErrors.RemoteCertificateNameMismatch);
    }
}
