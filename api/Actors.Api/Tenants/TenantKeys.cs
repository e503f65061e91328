using Actors.Abstractions.Audit;
using Actors.Abstractions.Tenants;
using Actors.Api.Audit;

namespace Actors.Api.Tenants;

/// <summary>
/// Issuing and revoking a tenant's keys, for every way the operator does it (the Tenants
/// service, the privacy console): the change applies on this gateway at once and is audited
/// the same way whichever way it came.
/// </summary>
public sealed class TenantKeys(IGrainFactory grains, TenantDirectory directory, AuditRecorder audit)
{
    /// <param name="certificateSha256">Checked by the caller (<see cref="Tls.ClientCertificateBinding"/>); null when unbound.</param>
    public async Task<IssuedApiKey> IssueAsync(string tenantId, ApiKeyKind kind, string label, bool allowsAnonymousEvents, string? certificateSha256)
    {
        var issued = await grains.GetGrain<ITenantGrain>(tenantId).IssueApiKeyAsync(kind, label, allowsAnonymousEvents, certificateSha256);
        directory.Invalidate(tenantId);
        // The key id only: the plaintext key is returned once and recorded nowhere.
        await audit.TenantAsync(tenantId, AuditOperations.KeyIssued, issued.Record.KeyId);
        return issued;
    }

    public async Task<ApiKeyRecord> RevokeAsync(string tenantId, string keyId)
    {
        var revoked = await grains.GetGrain<ITenantGrain>(tenantId).RevokeApiKeyAsync(keyId);
        directory.Invalidate(tenantId);
        await audit.TenantAsync(tenantId, AuditOperations.KeyRevoked, revoked.KeyId);
        return revoked;
    }
}
