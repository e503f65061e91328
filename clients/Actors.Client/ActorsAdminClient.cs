using Actors.Client.Incidents;
using Actors.V1;

namespace Actors.Client;

/// <summary>
/// What the platform operator calls: tenants, their declared purposes and attributes, and
/// their API keys. Construct it with the operator key.
/// </summary>
public sealed class ActorsAdminClient : IDisposable
{
    private readonly PlatformChannel _channel;
    private readonly Tenants.TenantsClient _tenants;
    private readonly V1.Cluster.ClusterClient _cluster;

    public ActorsAdminClient(ActorsClientOptions options)
    {
        _channel = new PlatformChannel(options);
        _tenants = new Tenants.TenantsClient(_channel.Invoker);
        _cluster = new V1.Cluster.ClusterClient(_channel.Invoker);
        Incidents = new OperatorIncidents(_channel);
    }

    /// <summary>Security reports and incidents: from a leaked key to notices in the tenants' hands.</summary>
    public OperatorIncidents Incidents { get; }

    /// <summary>The cell's silos, whose grains each hosts, and each tenant's activations on it.</summary>
    public async Task<IReadOnlyList<SiloPlacement>> ListSilosAsync(CancellationToken cancellation = default) =>
        (await _channel.CallAsync(o => _cluster.ListSilosAsync(new ListSilosRequest(), o), cancellation)).Silos;

    /// <param name="region">The region whose cell holds the tenant's data; required when the platform has several, never changed.</param>
    public Task<Tenant> CreateTenantAsync(string tenantId, string displayName, CancellationToken cancellation = default, string region = "") =>
        _channel.CallAsync(o => _tenants.CreateTenantAsync(new CreateTenantRequest { TenantId = tenantId, DisplayName = displayName, Region = region }, o), cancellation);

    public Task<Tenant> GetTenantAsync(string tenantId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _tenants.GetTenantAsync(new GetTenantRequest { TenantId = tenantId }, o), cancellation);

    public Task<Tenant> DeclarePurposesAsync(string tenantId, IEnumerable<Purpose> purposes, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _tenants.DeclarePurposesAsync(new DeclarePurposesRequest { TenantId = tenantId, Purposes = { purposes } }, o), cancellation);

    public Task<Tenant> DeclareAttributesAsync(string tenantId, IEnumerable<AttributeDeclaration> attributes, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _tenants.DeclareAttributesAsync(new DeclareAttributesRequest { TenantId = tenantId, Attributes = { attributes } }, o), cancellation);

    /// <summary>Issues a key; <see cref="IssuedApiKey.ApiKey"/> is its only copy.</summary>
    /// <param name="allowAnonymousEvents">Device keys only: events without a user token, for anonymous device ids ("anon:...") only.</param>
    /// <param name="clientCertificateSha256">Server keys only: binds the key to the client certificate with this SHA-256 (hex of its DER); calls with the key must present it.</param>
    public Task<IssuedApiKey> IssueApiKeyAsync(string tenantId, ApiKeyKind kind, string label, CancellationToken cancellation = default, bool allowAnonymousEvents = false, string clientCertificateSha256 = "") =>
        _channel.CallAsync(o => _tenants.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = tenantId, Kind = kind, Label = label, AllowAnonymousEvents = allowAnonymousEvents, ClientCertificateSha256 = clientCertificateSha256 }, o), cancellation);

    public Task<ApiKeyInfo> RevokeApiKeyAsync(string tenantId, string keyId, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _tenants.RevokeApiKeyAsync(new RevokeApiKeyRequest { TenantId = tenantId, KeyId = keyId }, o), cancellation);

    public async Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(string tenantId, CancellationToken cancellation = default) =>
        (await _channel.CallAsync(o => _tenants.ListApiKeysAsync(new ListApiKeysRequest { TenantId = tenantId }, o), cancellation)).Keys;

    /// <summary>Sets how long the tenant's user data may be kept; 0 means no limit.</summary>
    public Task<Tenant> SetRetentionPolicyAsync(string tenantId, RetentionPolicy policy, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _tenants.SetRetentionPolicyAsync(new SetRetentionPolicyRequest { TenantId = tenantId, Policy = policy }, o), cancellation);

    /// <summary>Sets the tenant's SLA, erasure grace period, export retention and review of data subject requests.</summary>
    public Task<Tenant> SetRequestPolicyAsync(string tenantId, RequestPolicy policy, CancellationToken cancellation = default) =>
        _channel.CallAsync(o => _tenants.SetRequestPolicyAsync(new SetRequestPolicyRequest { TenantId = tenantId, Policy = policy }, o), cancellation);

    public void Dispose() => _channel.Dispose();
}
