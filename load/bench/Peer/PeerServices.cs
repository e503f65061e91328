using System.Collections.Concurrent;
using System.Security.Cryptography;
using Actors.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Actors.Bench.Peer;

/// <summary>
/// The keys of the straightforward build's tenants, in memory: a server key names its tenant, as
/// a plain service would check an API key. Its administration is only what the load runner calls
/// to set a tenant up (not measured).
/// </summary>
public sealed class PeerTenants
{
    private readonly ConcurrentDictionary<string, string> _tenantOfKey = new(StringComparer.Ordinal);

    public string Issue(string tenantId)
    {
        var key = $"peer_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        _tenantOfKey[key] = tenantId;
        return key;
    }

    public string TenantOf(ServerCallContext context) =>
        context.RequestHeaders.GetValue("x-api-key") is { } key && _tenantOfKey.TryGetValue(key, out var tenant)
            ? tenant
            : throw new RpcException(new Status(StatusCode.Unauthenticated, "x-api-key is not a key of this service"));
}

public sealed class PeerTenantsService(PeerTenants tenants) : Tenants.TenantsBase
{
    public override Task<Tenant> CreateTenant(CreateTenantRequest request, ServerCallContext context) => Done(request.TenantId);

    public override Task<Tenant> DeclarePurposes(DeclarePurposesRequest request, ServerCallContext context) => Done(request.TenantId);

    public override Task<Tenant> DeclareAttributes(DeclareAttributesRequest request, ServerCallContext context) => Done(request.TenantId);

    public override Task<Tenant> SetRetentionPolicy(SetRetentionPolicyRequest request, ServerCallContext context) => Done(request.TenantId);

    public override Task<IssuedApiKey> IssueApiKey(IssueApiKeyRequest request, ServerCallContext context) =>
        Task.FromResult(new IssuedApiKey
        {
            ApiKey = tenants.Issue(request.TenantId),
            Info = new ApiKeyInfo { KeyId = Guid.NewGuid().ToString("N")[..12], Kind = request.Kind, Label = request.Label, CreatedAt = Timestamp.FromDateTime(DateTime.UtcNow) },
        });

    private static Task<Tenant> Done(string tenantId) => Task.FromResult(new Tenant { TenantId = tenantId });
}

public sealed class PeerProfilesService(IGrainFactory grains, PeerTenants tenants) : Profiles.ProfilesBase
{
    public override async Task<Profile> GetProfile(GetProfileRequest request, ServerCallContext context) =>
        ToProfile(request.UserId, await User(context, request.UserId).GetAsync());

    public override async Task<Profile> UpsertAttributes(UpsertAttributesRequest request, ServerCallContext context) =>
        ToProfile(request.UserId, await User(context, request.UserId).UpsertAsync(new Dictionary<string, string>(request.Attributes)));

    private IPeerUserGrain User(ServerCallContext context, string userId) => grains.GetGrain<IPeerUserGrain>($"{tenants.TenantOf(context)}/{userId}");

    private static Profile ToProfile(string userId, PeerUserState state)
    {
        var profile = new Profile { UserId = userId, Version = state.Version, Privacy = new PrivacyState() };
        if (state.Version > 0)
        {
            profile.CreatedAt = Timestamp.FromDateTimeOffset(state.CreatedAt);
            profile.UpdatedAt = Timestamp.FromDateTimeOffset(state.UpdatedAt);
        }
        foreach (var (name, attribute) in state.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            profile.Attributes.Add(new Attribute { Name = name, Value = attribute.Value, UpdatedAt = Timestamp.FromDateTimeOffset(attribute.UpdatedAt) });
        }
        return profile;
    }
}

public sealed class PeerConsentsService(IGrainFactory grains, PeerTenants tenants) : Consents.ConsentsBase
{
    public override Task<ConsentState> GrantConsent(ConsentDecisionRequest request, ServerCallContext context) => DecideAsync(request, true, context);

    public override Task<ConsentState> WithdrawConsent(ConsentDecisionRequest request, ServerCallContext context) => DecideAsync(request, false, context);

    private async Task<ConsentState> DecideAsync(ConsentDecisionRequest request, bool granted, ServerCallContext context)
    {
        var occurredAt = request.OccurredAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow;
        var state = await grains.GetGrain<IPeerUserGrain>($"{tenants.TenantOf(context)}/{request.UserId}")
            .DecideConsentAsync(request.Purpose, granted, (int)request.LawfulBasis, request.Source, request.PolicyVersion, occurredAt);
        var answer = new ConsentState { UserId = request.UserId, Version = state.Version };
        foreach (var (purpose, consent) in state.Consents.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            answer.Current.Add(new ConsentDecision
            {
                Purpose = purpose, Granted = consent.Granted, LawfulBasis = (LawfulBasis)consent.LawfulBasis, Source = consent.Source,
                PolicyVersion = consent.PolicyVersion, OccurredAt = Timestamp.FromDateTimeOffset(consent.OccurredAt), RecordedAt = Timestamp.FromDateTimeOffset(consent.RecordedAt),
            });
        }
        return answer;
    }
}
