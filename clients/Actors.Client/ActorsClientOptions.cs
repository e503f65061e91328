namespace Actors.Client;

/// <summary>Where the platform is and how to call it.</summary>
public sealed class ActorsClientOptions
{
    /// <summary>The gateway's address, e.g. https://127.0.0.1:5080.</summary>
    public required Uri Address { get; init; }

    /// <summary>
    /// A CA certificate (PEM) to check the platform's certificate against instead of the system
    /// trust store: the platform's local CA, .actors/tls/ca.crt. A certificate that does not
    /// chain to it fails every call with a message that says it was not trusted.
    /// </summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>A client certificate (with its key), for a key the operator bound to one.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate { get; init; }

    /// <summary>A tenant key (server or device), or the operator key for <see cref="ActorsAdminClient"/>.</summary>
    public required string ApiKey { get; init; }

    /// <summary>
    /// For a device key: returns the signed-in user's device token, which the app gets from its
    /// own backend (which has the platform issue it with <see cref="ActorsClient.IssueDeviceTokenAsync"/>).
    /// Called when there is no token yet, before the one held expires, and once more when the
    /// platform refuses the one held. Null: calls carry no token (anonymous events only).
    /// </summary>
    public Func<CancellationToken, Task<string>>? DeviceTokenProvider { get; init; }

    /// <summary>
    /// Operators only, on a gateway of several regions: the region whose cell a call addresses
    /// (sent as x-actors-region), for calls that name no tenant (incidents, the cluster's silos).
    /// A tenant's calls are routed by its key, and the Tenants service's by the tenant they name.
    /// </summary>
    public string? Region { get; init; }

    /// <summary>The deadline of each call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest response accepted, in bytes.</summary>
    public int MaxReceiveMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>The largest request sent, in bytes; the platform accepts 1 MiB by default.</summary>
    public int MaxSendMessageSize { get; init; } = 1024 * 1024;
}
