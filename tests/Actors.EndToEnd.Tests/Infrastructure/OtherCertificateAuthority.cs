using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Actors.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A certificate authority that is not the platform's, in a temporary folder: what a stranger
/// (or a misconfigured process) holds. Its CA file, and on request a certificate it signs for
/// 127.0.0.1 with the same uses as the platform's own, as PEM files the platform can be given.
/// </summary>
public sealed class OtherCertificateAuthority : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("other-ca-").FullName;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;

    public OtherCertificateAuthority()
    {
        var request = new CertificateRequest("CN=Some other CA", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaFile = Path.Combine(_folder, "ca.crt");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
    }

    public string CaFile { get; }

    /// <summary>A server-and-client certificate for 127.0.0.1 and localhost signed by this CA: its certificate and key files.</summary>
    public (string CertificateFile, string KeyFile) IssueServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(16));
        var name = Guid.NewGuid().ToString("N");
        var certificateFile = Path.Combine(_folder, $"{name}.crt");
        var keyFile = Path.Combine(_folder, $"{name}.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
