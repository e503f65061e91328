using Actors.Grains.Placement;
using System.Collections.Immutable;
using Actors.Abstractions;
using Orleans.Runtime;
using Actors.Abstractions.Cells;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Tenants;

namespace Actors.Grains.Tenants;

/// <summary>Owns one tenant's configuration: declared purposes and attributes, and API keys.</summary>
[TenantPlacement]
public sealed class TenantGrain(
    [PersistentState(StorageNames.TenantState, StorageNames.Provider)] IPersistentState<TenantState> tenant,
    TimeProvider clock, CellRegion cell) : Grain, ITenantGrain
{
    public Task<TenantState> CreateAsync(string displayName, string region)
    {
        if (tenant.State.Exists)
        {
            var existing = RequireExists().Region;
            throw new DomainException(DomainError.AlreadyExists, existing == region
                ? $"tenant '{this.GetPrimaryKeyString()}' already exists"
                : $"tenant '{this.GetPrimaryKeyString()}' already exists, in region '{existing}'; a tenant's region never changes", "tenant_id");
        }
        if (region != cell.Name)
        {
            // The gateway routes by region; a cell still never takes a tenant of another region.
            throw new DomainException(DomainError.InvalidArgument, $"is '{region}', and this cell is region '{cell.Name}': a tenant is created in its own region's cell", "region");
        }
        return CommitAsync(tenant.State with { CreatedAt = clock.GetUtcNow(), DisplayName = displayName, Region = region });
    }

    public Task<TenantState> GetAsync() => Task.FromResult(RequireExists());

    public Task<TenantState> DeclarePurposesAsync(ImmutableArray<PurposeDeclaration> purposes)
    {
        var current = RequireExists();
        var declared = current.Purposes.SetItems(purposes.Select(p => KeyValuePair.Create(p.Name, p)));
        if (declared.Count > Limits.PurposesPerTenant)
        {
            throw new DomainException(DomainError.LimitReached,
                $"a tenant declares at most {Limits.PurposesPerTenant} purposes; this request would make {declared.Count}", "purposes");
        }
        return CommitAsync(current with { Purposes = declared });
    }

    public Task<TenantState> DeclareAttributesAsync(ImmutableArray<AttributeDeclaration> attributes)
    {
        var current = RequireExists();
        for (var i = 0; i < attributes.Length; i++)
        {
            if (!current.Purposes.ContainsKey(attributes[i].Purpose))
            {
                throw new DomainException(DomainError.InvalidArgument,
                    $"attribute '{attributes[i].Name}' names purpose '{attributes[i].Purpose}', which the tenant has not declared",
                    $"attributes[{i}].purpose");
            }
        }
        var declared = current.Attributes.SetItems(attributes.Select(a => KeyValuePair.Create(a.Name, a)));
        if (declared.Count > Limits.AttributesPerTenant)
        {
            throw new DomainException(DomainError.LimitReached,
                $"a tenant declares at most {Limits.AttributesPerTenant} attributes; this request would make {declared.Count}", "attributes");
        }
        return CommitAsync(current with { Attributes = declared });
    }

    public async Task<IssuedApiKey> IssueApiKeyAsync(ApiKeyKind kind, string label, bool allowsAnonymousEvents, string? clientCertificateSha256)
    {
        var current = RequireExists();
        if (current.ApiKeys.Count >= Limits.ApiKeysPerTenant)
        {
            throw new DomainException(DomainError.LimitReached,
                $"a tenant holds at most {Limits.ApiKeysPerTenant} keys, revoked ones included", "tenant_id");
        }
        var keyId = ApiKeyFormat.NewKeyId();
        var secret = ApiKeyFormat.NewSecret();
        var record = new ApiKeyRecord(keyId, kind, label, ApiKeyFormat.HashSecret(secret), clock.GetUtcNow(), RevokedAt: null)
        {
            AllowsAnonymousEvents = kind == ApiKeyKind.Device && allowsAnonymousEvents,
            ClientCertificateSha256 = kind == ApiKeyKind.Server ? clientCertificateSha256 : null,
        };
        await CommitAsync(current with { ApiKeys = current.ApiKeys.SetItem(keyId, record) });
        return new IssuedApiKey(record, ApiKeyFormat.Format(this.GetPrimaryKeyString(), keyId, secret));
    }

    public Task<TenantState> SetRetentionPolicyAsync(RetentionPolicy policy) =>
        CommitAsync(RequireExists() with { Retention = policy });

    public Task<TenantState> SetRequestPolicyAsync(RequestPolicy policy) =>
        CommitAsync(RequireExists() with { Requests = policy });

    public async Task<ApiKeyRecord> RevokeApiKeyAsync(string keyId)
    {
        var current = RequireExists();
        var key = current.ApiKeys.GetValueOrDefault(keyId)
            ?? throw new DomainException(DomainError.NotFound, $"the tenant has no key '{keyId}'", "key_id");
        if (!key.IsActive)
        {
            return key;
        }
        var revoked = key with { RevokedAt = clock.GetUtcNow() };
        await CommitAsync(current with { ApiKeys = current.ApiKeys.SetItem(keyId, revoked) });
        return revoked;
    }

    /// <summary>The tenant's configuration; one created before regions existed is in this cell's region.</summary>
    private TenantState RequireExists() =>
        tenant.State.Exists
            ? tenant.State.Region.Length > 0 ? tenant.State : tenant.State with { Region = cell.Name }
            : throw new DomainException(DomainError.NotFound, $"no tenant '{this.GetPrimaryKeyString()}'", "tenant_id");

    private Task<TenantState> CommitAsync(TenantState next) => tenant.CommitAsync(next, this);
}
