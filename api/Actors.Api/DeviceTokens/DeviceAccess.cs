using Actors.Abstractions.Tenants;
using Actors.Abstractions.Users;
using Actors.Api.Authentication;
using Actors.Api.Errors;
using Actors.Api.Users;
using Actors.Api.Validation;
using EventBatch = Actors.V1.EventBatch;
using Google.Rpc;
using Grpc.Core;
using Actors.Abstractions.Privacy;

namespace Actors.Api.DeviceTokens;

/// <summary>
/// What a device key may do: a device key ships inside the app, so anyone can extract it. Alone
/// it may send events for anonymous device ids, and only where the key allows it; for a named
/// user it needs that user's device token, which the tenant's backend had the platform issue.
/// A server key acts for any user of its tenant and needs no token.
/// </summary>
public sealed class DeviceAccess(DeviceTokenSigner signer, UserReferences references, TimeProvider clock)
{
    public const string Header = "x-device-token";

    /// <summary>
    /// Null for a server key. For a device key, the credential of a token valid for exactly
    /// <paramref name="userId"/> that allows <paramref name="action"/>; else PERMISSION_DENIED.
    /// </summary>
    public DeviceCredential? Require(ServerCallContext context, [UserId] string userId, DeviceActions action)
    {
        var caller = context.Caller();
        if (caller.Kind != ApiKeyKind.Device)
        {
            return null;
        }
        RequestRules.UserId(userId);
        var claims = Presented(context, caller)
            ?? throw Denied($"a device key needs a user token for this call: send the token your backend had issued for this user (Privacy.IssueDeviceToken) in the '{Header}' header");
        RequireFor(claims, caller, userId, "user_id", action);
        return new DeviceCredential(claims.Generation);
    }

    /// <summary>
    /// Null for a server key, and for a device key's anonymous events. With a token, every event
    /// must be about the token's user; without one, every event about an anonymous device id, and
    /// only if the key allows anonymous events.
    /// </summary>
    public DeviceCredential? RequireForEvents(ServerCallContext context, EventBatch batch)
    {
        var caller = context.Caller();
        if (caller.Kind != ApiKeyKind.Device)
        {
            return null;
        }
        if (Presented(context, caller) is { } claims)
        {
            for (var i = 0; i < batch.Events.Count; i++)
            {
                RequireFor(claims, caller, batch.Events[i].UserId, $"events[{i}].user_id", DeviceActions.Events);
            }
            return new DeviceCredential(claims.Generation);
        }
        for (var i = 0; i < batch.Events.Count; i++)
        {
            if (!caller.AllowsAnonymousEvents || !AnonymousDeviceIds.IsAnonymous(batch.Events[i].UserId))
            {
                throw Reject.WithField(Code.PermissionDenied, $"events[{i}].user_id", caller.AllowsAnonymousEvents
                    ? $"a device key needs the user's token (header '{Header}') to send events about a user; without one, this key sends events only for anonymous device ids ({AnonymousDeviceIds.Rule})"
                    : $"a device key needs the user's token (header '{Header}') to send events about a user; this key does not allow anonymous events");
            }
        }
        return null;
    }

    private DeviceTokenClaims? Presented(ServerCallContext context, Caller caller)
    {
        var token = context.GetHttpContext().Request.Headers[Header].ToString();
        if (token.Length == 0)
        {
            return null;
        }
        var claims = signer.Verify(token, caller.TenantId, out var refusal) ?? throw Denied($"the user token {refusal}");
        if (claims.ExpiresAt <= clock.GetUtcNow())
        {
            throw Denied($"the user token expired at {claims.ExpiresAt:O}; ask the backend for a new one");
        }
        return claims;
    }

    private void RequireFor(DeviceTokenClaims claims, Caller caller, [UserId] string userId, string field, DeviceActions action)
    {
        if (references.For(caller.TenantId, userId) != claims.UserReference)
        {
            throw Reject.WithField(Code.PermissionDenied, field, "the user token was issued for another user: a device acts only for its own user");
        }
        if (!claims.Actions.HasFlag(action))
        {
            throw Denied($"the user token does not allow {action.ToString().ToLowerInvariant()}; its backend issued it for other actions only");
        }
    }

    private static RpcException Denied(string description) => Reject.WithField(Code.PermissionDenied, Header, description);
}
