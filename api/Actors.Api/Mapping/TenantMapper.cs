using Actors.Abstractions.Tenants;
using Actors.V1;
using DomainKind = Actors.Abstractions.Tenants.ApiKeyKind;

namespace Actors.Api.Mapping;

/// <summary>From a tenant grain's state to the messages of the contract.</summary>
public static class TenantMapper
{
    public static Tenant ToTenant(string tenantId, TenantState state) => new()
    {
        TenantId = tenantId,
        DisplayName = state.DisplayName,
        Region = state.Region,
        Purposes =
        {
            state.Purposes.Values.OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new Purpose { Name = p.Name, Description = p.Description }),
        },
        Attributes =
        {
            state.Attributes.Values.OrderBy(a => a.Name, StringComparer.Ordinal)
                .Select(a => new V1.AttributeDeclaration { Name = a.Name, Purpose = a.Purpose, Description = a.Description }),
        },
        CreatedAt = UserMapper.Time(state.CreatedAt),
        Retention = new V1.RetentionPolicy
        {
            InactiveUserExpiryDays = state.Retention.InactiveUserExpiryDays,
            ConsentExpiryMonths = state.Retention.ConsentExpiryMonths,
            RawEventRetentionDays = state.Retention.RawEventRetentionDays,
        },
        RequestPolicy = new V1.RequestPolicy
        {
            SlaDays = state.Requests.SlaDays,
            ErasureGraceHours = state.Requests.ErasureGraceHours,
            ExportRetentionDays = state.Requests.ExportRetentionDays,
            ReviewBeforeProcessing = state.Requests.ReviewBeforeProcessing,
        },
    };

    public static ApiKeyInfo ToInfo(ApiKeyRecord key) => new()
    {
        KeyId = key.KeyId,
        Kind = key.Kind == DomainKind.Device ? V1.ApiKeyKind.Device : V1.ApiKeyKind.Server,
        Label = key.Label,
        CreatedAt = UserMapper.Time(key.CreatedAt),
        RevokedAt = UserMapper.Time(key.RevokedAt),
        AllowAnonymousEvents = key.AllowsAnonymousEvents,
        ClientCertificateSha256 = key.ClientCertificateSha256 ?? "",
    };
}
