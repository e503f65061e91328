using System.Collections.Immutable;
using Actors.Abstractions;
using Actors.Abstractions.Requests;
using Actors.Api.Authentication;
using Actors.Api.Errors;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.Api.Validation;
using Microsoft.Extensions.Options;

namespace Actors.Api.Requests;

/// <summary>
/// Files and finds requests for the gRPC service and the OpenDSR routes alike, so both check
/// a request the same way and reach the same grain. The tenant is the caller's, never the body's.
/// </summary>
public sealed class RequestIntake(IGrainFactory grains, UserReferences references, TenantDirectory tenants, IOptions<CallbackOptions> callbacks, TimeProvider clock)
{
    /// <summary>How far in the future a submitted time may be, for clocks that disagree.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public IDataSubjectRequestGrain Find(Caller caller, string requestId) =>
        grains.GetGrain<IDataSubjectRequestGrain>(RequestGrainKey.For(caller.TenantId, RequestId(requestId)));

    public async Task<DataSubjectRequestState> FileAsync(Caller caller, string requestId, RequestType? type, string userId, DateTimeOffset? submittedAt,
        IReadOnlyList<string> callbackUrls, bool identityVerificationPending, IReadOnlyDictionary<string, string> rectifications,
        IReadOnlyList<string> objectionPurposes, string channel, CancellationToken cancellation)
    {
        var grain = Find(caller, requestId);
        if (type is not { } requestType)
        {
            throw Reject.InvalidArgument("type", $"is required: one of {string.Join(", ", OpenDsrNames.Types.Select(OpenDsrNames.Of))}");
        }
        RequestRules.UserId(userId);
        if (submittedAt > clock.GetUtcNow() + ClockSkew)
        {
            throw Reject.InvalidArgument("submitted_at", $"is {submittedAt:O}, in the future");
        }
        CheckCallbackUrls(callbackUrls);
        var tenant = await tenants.GetAsync(caller.TenantId, cancellation);
        CheckRectifications(requestType, rectifications, tenant.Attributes.Keys);
        CheckObjection(requestType, objectionPurposes, tenant.Purposes.Keys);
        return await grain.CreateAsync(new NewDataSubjectRequest(
            requestType, userId, references.For(caller.TenantId, userId), submittedAt, [.. callbackUrls], !identityVerificationPending,
            rectifications.ToImmutableDictionary(StringComparer.Ordinal), [.. objectionPurposes], caller.KeyId, channel));
    }

    private static Guid RequestId(string value) =>
        Guid.TryParseExact(value, "D", out var id) && id != Guid.Empty
            ? id
            : throw Reject.InvalidArgument("request_id", $"'{Shorten(value)}' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");

    private void CheckCallbackUrls(IReadOnlyList<string> urls)
    {
        if (urls.Count > Limits.CallbackUrlsPerRequest)
        {
            throw Reject.InvalidArgument("callback_urls", $"names {urls.Count} URLs; the limit is {Limits.CallbackUrlsPerRequest}");
        }
        for (var i = 0; i < urls.Count; i++)
        {
            if (CallbackUrls.Validate(urls[i], callbacks.Value.AllowPrivateNetworks) is { } problem)
            {
                throw Reject.InvalidArgument($"callback_urls[{i}]", problem);
            }
        }
    }

    private static void CheckRectifications(RequestType type, IReadOnlyDictionary<string, string> rectifications, IEnumerable<string> declared)
    {
        if (type != RequestType.Rectification)
        {
            if (rectifications.Count > 0)
            {
                throw Reject.InvalidArgument("rectifications", "are only for rectification requests");
            }
            return;
        }
        if (rectifications.Count == 0 || rectifications.Count > Limits.AttributesPerRequest)
        {
            throw Reject.InvalidArgument("rectifications", $"a rectification request names 1 to {Limits.AttributesPerRequest} corrected attributes; it names {rectifications.Count}");
        }
        var known = declared.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in rectifications)
        {
            RequestRules.Name("rectifications", name);
            if (!known.Contains(name))
            {
                throw Reject.InvalidArgument($"rectifications[{name}]", "is not an attribute the tenant has declared");
            }
            RequestRules.AttributeValue($"rectifications[{name}]", value);
        }
    }

    private static void CheckObjection(RequestType type, IReadOnlyList<string> purposes, IEnumerable<string> declared)
    {
        if (type != RequestType.Objection && purposes.Count > 0)
        {
            throw Reject.InvalidArgument("objection_purposes", "are only for objection requests");
        }
        var known = declared.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < purposes.Count; i++)
        {
            if (!known.Contains(purposes[i]))
            {
                throw Reject.InvalidArgument($"objection_purposes[{i}]", $"'{Shorten(purposes[i])}' is not a purpose the tenant has declared");
            }
        }
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
