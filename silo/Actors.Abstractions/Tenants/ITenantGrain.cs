using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Actors.Abstractions.Tenants;

/// <summary>
/// A tenant's configuration, keyed by tenant id: declared purposes and attributes (what it
/// may keep and why) and its API keys, stored only as hashes.
/// </summary>
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant; AlreadyExists if it was created before.</summary>
    Task<TenantState> CreateAsync(string displayName, string region);

    /// <summary>The tenant's configuration; NotFound if it was never created.</summary>
    [ReadOnly]
    Task<TenantState> GetAsync();

    /// <summary>Adds purposes or updates their descriptions.</summary>
    Task<TenantState> DeclarePurposesAsync(ImmutableArray<PurposeDeclaration> purposes);

    /// <summary>Adds attributes or changes them; each must name a declared purpose.</summary>
    Task<TenantState> DeclareAttributesAsync(ImmutableArray<AttributeDeclaration> attributes);

    /// <summary>Issues a key; its plaintext exists only in the returned value.</summary>
    /// <param name="allowsAnonymousEvents">For a device key: events without a user token, for anonymous device ids only.</param>
    Task<IssuedApiKey> IssueApiKeyAsync(ApiKeyKind kind, string label, bool allowsAnonymousEvents, string? clientCertificateSha256);

    /// <summary>Sets how long the tenant's user data may be kept.</summary>
    Task<TenantState> SetRetentionPolicyAsync(RetentionPolicy policy);

    /// <summary>Sets how the tenant handles data subject requests.</summary>
    Task<TenantState> SetRequestPolicyAsync(RequestPolicy policy);

    /// <summary>Revokes a key; NotFound if the tenant has no such key.</summary>
    Task<ApiKeyRecord> RevokeApiKeyAsync(string keyId);
}
