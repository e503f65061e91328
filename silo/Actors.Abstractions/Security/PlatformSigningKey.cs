using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Actors.Abstractions.Security;

/// <summary>
/// The key that signs what the platform vouches for: request status callbacks, erasure receipts
/// and audit checkpoints. ECDSA P-256 over SHA-256. Derived from the master key, so every silo
/// and gateway holds the same key without storing a private key anywhere; the public half is
/// published by the discovery route for anyone to verify with.
/// </summary>
public sealed class PlatformSigningKey : IDisposable
{
    private readonly ECDsa _key;

    public PlatformSigningKey(MasterKey masterKey)
    {
        _key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = PrivateScalar(masterKey) });
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];
    }

    /// <summary>The public key, PEM (SubjectPublicKeyInfo).</summary>
    public string PublicKeyPem { get; }

    /// <summary>A short name of the key: the start of the SHA-256 of its public key.</summary>
    public string KeyId { get; }

    /// <summary>Signs the exact bytes given; the signature is DER-encoded (the form OpenSSL verifies).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public string SignToBase64(ReadOnlySpan<byte> data) => Convert.ToBase64String(Sign(data));

    /// <summary>
    /// Verifies a base64 signature with a public key in PEM, as the audit verifier does without the
    /// master key. (Tenants verify with the client library's PlatformSignatures, the same check.)
    /// </summary>
    public static bool Verify(string publicKeyPem, ReadOnlySpan<byte> data, string base64Signature)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(base64Signature);
        }
        catch (FormatException)
        {
            return false;
        }
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>
    /// A self-signed X.509 certificate of the key for <paramref name="domain"/>, PEM, for tools that
    /// expect one (OpenDSR's processor_certificate). What verifies is the public key inside it.
    /// </summary>
    public string CertificatePem(string domain, DateTimeOffset now)
    {
        var request = new CertificateRequest($"CN={domain}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return certificate.ExportCertificatePem();
    }

    public void Dispose() => _key.Dispose();

    /// <summary>A private scalar in [1, n-1]; a derived value outside it (odds about 2^-32) is derived again.</summary>
    private static byte[] PrivateScalar(MasterKey masterKey)
    {
        ReadOnlySpan<byte> order = Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
        for (var attempt = 0; ; attempt++)
        {
            var scalar = masterKey.DerivePlatformSecret($"signing/v1/{attempt}");
            if (scalar.AsSpan().SequenceCompareTo(order) < 0 && scalar.AsSpan().ContainsAnyExcept((byte)0))
            {
                return scalar;
            }
        }
    }
}
