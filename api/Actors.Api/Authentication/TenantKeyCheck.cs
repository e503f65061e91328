using System.Security.Cryptography;
using Actors.Abstractions.Tenants;
using Actors.Api.Tenants;
using Microsoft.Extensions.Logging;

namespace Actors.Api.Authentication;

/// <summary>What a presented tenant key turned out to be.</summary>
public enum TenantKeyOutcome
{
    Valid,
    Malformed,
    UnknownOrRevoked,
    Unavailable,
}

/// <summary>A tenant key checked against its tenant's configuration; <see cref="Key"/> is set when valid.</summary>
public sealed record TenantKeyResult(TenantKeyOutcome Outcome, string TenantId = "", ApiKeyRecord? Key = null);

/// <summary>
/// Resolves a tenant key to its tenant and key record: the gRPC handler's check, and the
/// operator console's login with a server key. The tenant comes from the key alone.
/// </summary>
public sealed class TenantKeyCheck(TenantDirectory directory, ILogger<TenantKeyCheck> logger)
{
    public async Task<TenantKeyResult> CheckAsync(string presented, CancellationToken cancellation)
    {
        if (!ApiKeyFormat.TryParse(presented, out var tenantId, out var keyId, out var secret))
        {
            return new(TenantKeyOutcome.Malformed);
        }
        TenantState? tenant;
        try
        {
            tenant = await directory.FindAsync(tenantId, cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The key cannot be checked now; that is not the caller's fault.
            // The same answer whatever the cause (dedicated silos down, a region unreachable): the key is not checked yet.
            logger.LogWarning(e, "Could not load tenant {Tenant} to authenticate a call", tenantId);
            return new(TenantKeyOutcome.Unavailable, tenantId);
        }
        var key = tenant?.ApiKeys.GetValueOrDefault(keyId);
        // One answer for every kind of wrong key, so that a caller cannot probe which tenants or keys exist.
        return key is null || !key.IsActive || !CryptographicOperations.FixedTimeEquals(ApiKeyFormat.HashSecret(secret), key.SecretHash)
            ? new(TenantKeyOutcome.UnknownOrRevoked, tenantId)
            : new(TenantKeyOutcome.Valid, tenantId, key);
    }
}
