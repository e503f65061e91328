using System.Security.Cryptography;
using System.Text;
using Actors.V1;

namespace Actors.Client;

/// <summary>
/// Checks what the platform signs (erasure receipts, status callbacks, OpenDSR answers) the way
/// an auditor would: the signature over the exact bytes, with a public key the tenant fetched
/// itself (GET /opendsr/v1/discovery), not one that came with the signed thing.
/// </summary>
public static class PlatformSignatures
{
    /// <summary>Checks an erasure receipt's signature over its exact bytes.</summary>
    public static bool Verify(ErasureReceipt receipt, string publicKeyPem) =>
        Verify(Encoding.UTF8.GetBytes(receipt.ReceiptJson), receipt.Signature, publicKeyPem);

    /// <summary>Checks an ECDSA P-256 SHA-256 signature (DER, base64) of the platform over <paramref name="data"/>.</summary>
    public static bool Verify(byte[] data, string base64Signature, string publicKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        try
        {
            return key.VerifyData(data, Convert.FromBase64String(base64Signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
