using System.Collections.Immutable;
using Actors.Abstractions;
using Actors.Abstractions.Audit;
using Actors.Abstractions.Cells;
using Actors.Abstractions.Tenants;
using Actors.Api.Audit;
using Actors.Api.Authentication;
using Actors.Api.Cells;
using Actors.Api.Errors;
using Actors.Api.Mapping;
using Actors.Api.Tenants;
using Actors.Api.Tls;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using AttributeDeclaration = Actors.Abstractions.Tenants.AttributeDeclaration;
using DomainKind = Actors.Abstractions.Tenants.ApiKeyKind;

namespace Actors.Api.Services;

/// <summary>The Tenants service of the contract, for the platform operator.</summary>
[Authorize(Policy = Policies.Operator)]
public sealed class TenantsService(IGrainFactory grains, TenantDirectory directory, AuditRecorder audit, TenantKeys keys, CellRegion cell, PlatformRegions regions, ITenantRegionRecord record)
    : V1.Tenants.TenantsBase
{
    public override async Task<Tenant> CreateTenant(CreateTenantRequest request, ServerCallContext context)
    {
        var tenant = TenantGrain(request.TenantId);
        RequestRules.Text("display_name", request.DisplayName, Limits.DisplayNameMaxBytes, required: false, allowLineBreaks: false);
        var region = RegionOf(request);
        await record.RecordAsync(request.TenantId, region, context.CancellationToken);
        return await ChangedAsync(request.TenantId, await tenant.CreateAsync(request.DisplayName, region), AuditOperations.TenantCreated, $"region={region}");
    }

    public override async Task<Tenant> GetTenant(GetTenantRequest request, ServerCallContext context) =>
        TenantMapper.ToTenant(request.TenantId, await TenantGrain(request.TenantId).GetAsync());

    public override async Task<Tenant> DeclarePurposes(DeclarePurposesRequest request, ServerCallContext context)
    {
        var tenant = TenantGrain(request.TenantId);
        RequireCount("purposes", request.Purposes.Count, Limits.PurposesPerTenant);
        var purposes = request.Purposes.Select((p, i) =>
        {
            RequestRules.Name($"purposes[{i}].name", p.Name);
            RequestRules.Text($"purposes[{i}].description", p.Description, Limits.DescriptionMaxBytes, required: false, allowLineBreaks: true);
            return new PurposeDeclaration(p.Name, p.Description);
        }).ToImmutableArray();
        return await ChangedAsync(request.TenantId, await tenant.DeclarePurposesAsync(purposes), AuditOperations.PurposesDeclared, AuditNames.List(purposes.Select(p => p.Name)));
    }

    public override async Task<Tenant> DeclareAttributes(DeclareAttributesRequest request, ServerCallContext context)
    {
        var tenant = TenantGrain(request.TenantId);
        RequireCount("attributes", request.Attributes.Count, Limits.AttributesPerTenant);
        var attributes = request.Attributes.Select((a, i) =>
        {
            RequestRules.Name($"attributes[{i}].name", a.Name);
            RequestRules.Name($"attributes[{i}].purpose", a.Purpose);
            RequestRules.Text($"attributes[{i}].description", a.Description, Limits.DescriptionMaxBytes, required: false, allowLineBreaks: true);
            return new AttributeDeclaration(a.Name, a.Purpose, a.Description);
        }).ToImmutableArray();
        return await ChangedAsync(request.TenantId, await tenant.DeclareAttributesAsync(attributes), AuditOperations.AttributesDeclared, AuditNames.List(attributes.Select(a => a.Name)));
    }

    public override async Task<V1.IssuedApiKey> IssueApiKey(IssueApiKeyRequest request, ServerCallContext context)
    {
        RequestRules.TenantId(request.TenantId);
        var kind = request.Kind switch
        {
            V1.ApiKeyKind.Server => DomainKind.Server,
            V1.ApiKeyKind.Device => DomainKind.Device,
            _ => throw Reject.InvalidArgument("kind", "must be API_KEY_KIND_SERVER or API_KEY_KIND_DEVICE"),
        };
        RequestRules.Text("label", request.Label, Limits.LabelMaxBytes, required: false, allowLineBreaks: false);
        if (request.AllowAnonymousEvents && kind != DomainKind.Device)
        {
            throw Reject.InvalidArgument("allow_anonymous_events", "applies to device keys only; a server key sends events for any user");
        }
        var certificate = ClientCertificateBinding.Parse(request.ClientCertificateSha256, kind);
        var issued = await keys.IssueAsync(request.TenantId, kind, request.Label, request.AllowAnonymousEvents, certificate);
        return new V1.IssuedApiKey { Info = TenantMapper.ToInfo(issued.Record), ApiKey = issued.PlaintextKey };
    }

    public override async Task<ApiKeyInfo> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        RequestRules.TenantId(request.TenantId);
        RequestRules.Text("key_id", request.KeyId, Limits.NameMaxLength, required: true, allowLineBreaks: false);
        return TenantMapper.ToInfo(await keys.RevokeAsync(request.TenantId, request.KeyId));
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var state = await TenantGrain(request.TenantId).GetAsync();
        return new ListApiKeysResponse { Keys = { state.ApiKeys.Values.OrderBy(k => k.CreatedAt).Select(TenantMapper.ToInfo) } };
    }

    public override async Task<Tenant> SetRetentionPolicy(SetRetentionPolicyRequest request, ServerCallContext context)
    {
        var tenant = TenantGrain(request.TenantId);
        var policy = request.Policy ?? new V1.RetentionPolicy();
        RequireRange("policy.inactive_user_expiry_days", policy.InactiveUserExpiryDays, 3650);
        RequireRange("policy.consent_expiry_months", policy.ConsentExpiryMonths, 120);
        RequireRange("policy.raw_event_retention_days", policy.RawEventRetentionDays, Limits.RawEventRetentionMaxDays, zeroMeans: "raw events are not kept");
        return await ChangedAsync(request.TenantId, await tenant.SetRetentionPolicyAsync(
            new Abstractions.Tenants.RetentionPolicy(policy.InactiveUserExpiryDays, policy.ConsentExpiryMonths, policy.RawEventRetentionDays)),
            AuditOperations.RetentionPolicySet,
            $"inactive_user_expiry_days={policy.InactiveUserExpiryDays},consent_expiry_months={policy.ConsentExpiryMonths},raw_event_retention_days={policy.RawEventRetentionDays}");
    }

    public override async Task<Tenant> SetRequestPolicy(SetRequestPolicyRequest request, ServerCallContext context)
    {
        var tenant = TenantGrain(request.TenantId);
        var policy = request.Policy ?? new V1.RequestPolicy();
        RequireRange("policy.sla_days", policy.SlaDays, 30, zeroMeans: "no SLA");
        RequireRange("policy.erasure_grace_hours", policy.ErasureGraceHours, 720, zeroMeans: "erasures run at once");
        RequireRange("policy.export_retention_days", policy.ExportRetentionDays, 30, zeroMeans: $"{Abstractions.Tenants.RequestPolicy.DefaultExportRetentionDays} days");
        var exportDays = policy.ExportRetentionDays == 0 ? Abstractions.Tenants.RequestPolicy.DefaultExportRetentionDays : policy.ExportRetentionDays;
        return await ChangedAsync(request.TenantId, await tenant.SetRequestPolicyAsync(
            new Abstractions.Tenants.RequestPolicy(policy.SlaDays, policy.ErasureGraceHours, exportDays, policy.ReviewBeforeProcessing)),
            AuditOperations.RequestPolicySet,
            $"sla_days={policy.SlaDays},erasure_grace_hours={policy.ErasureGraceHours},export_retention_days={exportDays},review_before_processing={policy.ReviewBeforeProcessing}");
    }

    /// <summary>The region a new tenant is created in: one the platform has, its only one if none is named.</summary>
    private string RegionOf(CreateTenantRequest request)
    {
        if (request.Region.Length == 0 && regions.Several)
        {
            throw Reject.InvalidArgument("region", $"is required: this platform has the regions {regions}, and a tenant's data lives in one of them");
        }
        var region = request.Region.Length == 0 ? cell.Name : request.Region;
        if (!CellRegion.IsValidName(region))
        {
            throw Reject.InvalidArgument("region", "is not a region name: [a-z][a-z0-9-]{0,31}, for example eu");
        }
        if (!regions.Contains(region))
        {
            throw Reject.InvalidArgument("region", $"is '{region}', which is not a region of this platform; it has: {regions}");
        }
        // A gateway of several cells sends the call to the cell it names (Cells/ in the silo's host).
        return region != cell.Name
            ? throw Reject.InvalidArgument("region", $"is '{region}', and the call reached region '{cell.Name}': send it to the region it names")
            : region;
    }

    private static void RequireRange(string field, int value, int max, string zeroMeans = "no limit")
    {
        if (value < 0 || value > max)
        {
            throw Reject.InvalidArgument(field, $"is {value}; it must be 0 ({zeroMeans}) to {max}");
        }
    }

    private ITenantGrain TenantGrain(string tenantId)
    {
        RequestRules.TenantId(tenantId);
        return grains.GetGrain<ITenantGrain>(tenantId);
    }

    private async Task<Tenant> ChangedAsync(string tenantId, TenantState state, string operation, string subject)
    {
        directory.Invalidate(tenantId);
        await audit.TenantAsync(tenantId, operation, subject);
        return TenantMapper.ToTenant(tenantId, state);
    }

    private static void RequireCount(string field, int count, int limit)
    {
        if (count == 0 || count > limit)
        {
            throw Reject.InvalidArgument(field, $"holds {count} entries; 1 to {limit} are allowed");
        }
    }
}
