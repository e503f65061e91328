using Actors.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Actors.Bench.Peer;

/// <summary>
/// The tenant of a call, as a plain service would take it: the x-api-key entry is the tenant's
/// name, no key store. The grain is keyed by tenant and user id in clear (the platform keys it
/// by a pseudonym).
/// </summary>
internal static class PeerCalls
{
    public static IPeerUserGrain User(this IGrainFactory grains, ServerCallContext context, string userId)
    {
        var tenant = context.RequestHeaders.GetValue("x-api-key");
        if (string.IsNullOrEmpty(tenant))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "x-api-key is required"));
        }
        if (string.IsNullOrEmpty(userId) || userId.Length > 256)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "user_id must be 1 to 256 characters"));
        }
        return grains.GetGrain<IPeerUserGrain>($"{tenant}/{userId}");
    }
}

internal sealed class PeerProfilesService(IGrainFactory grains) : Profiles.ProfilesBase
{
    public override async Task<Profile> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        var state = await grains.User(context, request.UserId).GetAsync();
        if (state.Version == 0)
        {
            throw new RpcException(new Status(StatusCode.NotFound, "no such user"));
        }
        return ToProfile(request.UserId, state);
    }

    public override async Task<Profile> UpsertAttributes(UpsertAttributesRequest request, ServerCallContext context) =>
        ToProfile(request.UserId, await grains.User(context, request.UserId).UpsertAttributesAsync(new Dictionary<string, string>(request.Attributes)));

    private static Profile ToProfile(string userId, PeerUserState state)
    {
        var profile = new Profile
        {
            UserId = userId,
            CreatedAt = Timestamp.FromDateTimeOffset(state.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(state.UpdatedAt),
            Version = state.Version,
        };
        foreach (var (name, attribute) in state.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            profile.Attributes.Add(new Actors.V1.Attribute { Name = name, Value = attribute.Value, UpdatedAt = Timestamp.FromDateTimeOffset(attribute.UpdatedAt) });
        }
        return profile;
    }
}

internal sealed class PeerConsentsService(IGrainFactory grains) : Consents.ConsentsBase
{
    public override Task<ConsentState> GrantConsent(ConsentDecisionRequest request, ServerCallContext context) => DecideAsync(request, context, granted: true);

    public override Task<ConsentState> WithdrawConsent(ConsentDecisionRequest request, ServerCallContext context) => DecideAsync(request, context, granted: false);

    private async Task<ConsentState> DecideAsync(ConsentDecisionRequest request, ServerCallContext context, bool granted)
    {
        var user = grains.User(context, request.UserId);
        if (string.IsNullOrEmpty(request.Purpose) || string.IsNullOrEmpty(request.Source) || string.IsNullOrEmpty(request.PolicyVersion))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "purpose, source and policy_version are required"));
        }
        var occurredAt = request.OccurredAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow;
        var state = await user.DecideConsentAsync(new PeerConsentDecision(request.Purpose, granted, (int)request.LawfulBasis, request.Source, request.PolicyVersion, occurredAt));
        var answer = new ConsentState { UserId = request.UserId, Version = state.Version };
        answer.Current.AddRange(state.Consents.Values.OrderBy(decision => decision.Purpose, StringComparer.Ordinal).Select(ToMessage));
        answer.History.AddRange(Enumerable.Reverse(state.History).Select(ToMessage));
        return answer;
    }

    private static ConsentDecision ToMessage(PeerConsentDecision decision) => new()
    {
        Purpose = decision.Purpose,
        Granted = decision.Granted,
        LawfulBasis = (LawfulBasis)decision.LawfulBasis,
        Source = decision.Source,
        PolicyVersion = decision.PolicyVersion,
        OccurredAt = Timestamp.FromDateTimeOffset(decision.OccurredAt),
    };
}
