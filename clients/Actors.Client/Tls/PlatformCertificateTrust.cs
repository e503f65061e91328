using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Actors.Client.Tls;

/// <summary>
/// How a client checks the platform's certificate: against the system trust store, or against a
/// CA file of its own (the platform's local CA: .actors/tls/ca.crt). Never switched off. The
/// last refusal is kept, so that the error a caller sees says why the certificate was not trusted.
/// </summary>
public sealed class PlatformCertificateTrust
{
    private readonly X509Certificate2? _ca;

    public PlatformCertificateTrust(string? caCertificatePath)
    {
        if (!string.IsNullOrEmpty(caCertificatePath))
        {
            _ca = X509CertificateLoader.LoadCertificateFromFile(caCertificatePath);
        }
        Source = _ca is null ? "the system trust store" : $"the CA in {caCertificatePath}";
    }

    /// <summary>What the server certificate is checked against, for error messages.</summary>
    public string Source { get; }

    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>An HTTP handler for gRPC and JSON calls to the platform, checking its certificate this way.</summary>
    public SocketsHttpHandler Handler(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }
        return handler;
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return Refuse("the server presented no certificate");
        }
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse("its names do not include the address called");
        }
        if (_ca is null)
        {
            return errors == SslPolicyErrors.None || Refuse(Describe(chain));
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_ca);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(presented) || Refuse(Describe(custom));
    }

    private bool Refuse(string why)
    {
        LastRefusal = $"the platform's TLS certificate was not trusted by {Source}: {why}";
        return false;
    }

    private static string Describe(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0 ? "its chain could not be built"
        : string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
}
