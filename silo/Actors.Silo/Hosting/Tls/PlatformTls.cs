using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Actors.Silo.Hosting.Startup;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Actors.Silo.Hosting.Tls;

/// <summary>
/// The process's TLS: its certificate, from Kestrel's usual settings
/// (<c>Kestrel:Certificates:Default:Path</c> and <c>:KeyPath</c>, PEM), and the CA the platform's
/// own links trust (<c>Actors:Tls:CaPath</c>). TLS is the only way in: a listener in clear exists
/// only with <c>Actors:AllowPlaintext</c>, logged as a warning at every start.
/// </summary>
public sealed class PlatformTls
{
    public const string CertificateSetting = "Kestrel:Certificates:Default:Path";
    public const string KeySetting = "Kestrel:Certificates:Default:KeyPath";
    public const string CaSetting = "Actors:Tls:CaPath";

    private PlatformTls(X509Certificate2? certificate, string caPath)
    {
        Certificate = certificate;
        CaPath = caPath;
    }

    /// <summary>The server (and silo link) certificate with its key; null in plaintext mode.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>The CA file the platform's links trust; empty if none was configured.</summary>
    public string CaPath { get; }

    public static PlatformTls Load(IConfiguration configuration, PlatformOptions options)
    {
        var urls = options.ListenerUrls();
        var plain = urls.Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)).ToList();
        if (plain.Count > 0 && !options.AllowPlaintext)
        {
            throw new StartupFailure($"{plain[0]} is plain HTTP: the platform serves TLS only. Use https:// (with {CertificateSetting} and {KeySetting}), or set Actors:AllowPlaintext=true for an experiment");
        }
        var path = configuration[CertificateSetting] ?? "";
        var key = configuration[KeySetting] ?? "";
        if (plain.Count == urls.Length)
        {
            return new PlatformTls(null, configuration[CaSetting] ?? "");
        }
        if (path.Length == 0 || key.Length == 0)
        {
            throw new StartupFailure($"no TLS certificate: set {CertificateSetting} and {KeySetting} to PEM files (./actors start makes them under .actors/tls/)");
        }
        if ((configuration[CaSetting] ?? "").Length == 0)
        {
            throw new StartupFailure($"no cluster CA: set {CaSetting} to the PEM file of the CA that signs the cluster's certificates (silos and gateways accept only each other's; ./actors start makes .actors/tls/ca.crt)");
        }
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(path, key);
            // An ephemeral key cannot be used by SslStream on every platform; a PKCS#12 round trip makes it persistent.
            certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            return new PlatformTls(certificate, configuration[CaSetting] ?? "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new StartupFailure($"the TLS certificate {path} with key {key} cannot be read ({e.Message}): fix {CertificateSetting} and {KeySetting}");
        }
    }

    /// <summary>HTTPS defaults of every Kestrel endpoint: TLS 1.2 and 1.3 only, client certificates asked for but not required.</summary>
    public void Configure(HttpsConnectionAdapterOptions https)
    {
        https.ServerCertificate = Certificate;
        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        // A key may be bound to a client certificate (its thumbprint, checked by the gateway); the
        // certificate itself is pinned there, so any presented one is let through to be compared.
        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        https.AllowAnyClientCertificate();
    }
}
