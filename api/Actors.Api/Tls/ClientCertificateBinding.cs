using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Actors.Api.Errors;
using DomainKind = Actors.Abstractions.Tenants.ApiKeyKind;

namespace Actors.Api.Tls;

/// <summary>
/// Mutual TLS per API key: a server key may be bound to one client certificate, pinned by the
/// SHA-256 of its DER encoding. The TLS handshake proves the caller holds that certificate's
/// private key, so a leaked key alone no longer calls in.
/// </summary>
public static class ClientCertificateBinding
{
    public const string Field = "client_certificate_sha256";

    /// <summary>The binding asked for at issue, normalised to lower-case hex; null for none.</summary>
    public static string? Parse(string requested, DomainKind kind)
    {
        if (requested.Length == 0)
        {
            return null;
        }
        if (kind != DomainKind.Server)
        {
            throw Reject.InvalidArgument(Field, "applies to server keys only; a device key is shipped in apps that hold no client certificate");
        }
        var hex = requested.Replace(":", "", StringComparison.Ordinal);
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            throw Reject.InvalidArgument(Field, "must be the SHA-256 of the certificate's DER encoding: 64 hexadecimal characters (colons allowed)");
        }
        return hex.ToLowerInvariant();
    }

    /// <summary>Why a call with a key bound to <paramref name="bound"/> is refused, or null if its certificate is the bound one.</summary>
    public static string? Refusal(string bound, X509Certificate2? presented)
    {
        if (presented is null)
        {
            return "this API key is bound to a client certificate: a client certificate is required in the TLS handshake";
        }
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(presented.RawData));
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(fingerprint), System.Text.Encoding.ASCII.GetBytes(bound))
            ? null
            : "this API key is bound to another client certificate: a client certificate is required that matches the key's binding";
    }
}
