using Actors.Abstractions.Audit;
using Actors.Abstractions.Errors;
using Actors.Abstractions.Telemetry;
using Actors.Api.Audit;
using Actors.Abstractions;
using SuppressionSources = Actors.Abstractions.Users.SuppressionSources;
using Actors.Api.Authentication;
using Actors.Api.DeviceTokens;
using Actors.Api.Errors;
using Actors.Abstractions.Export;
using Actors.Api.Mapping;
using Actors.Api.Tenants;
using Actors.Api.Users;
using Actors.Api.Validation;
using Actors.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Actors.Api.Services;

/// <summary>
/// The Privacy service of the contract. Suppress, Unsuppress and Forget are open to device keys
/// with the user's device token, so that a mobile app can act on its own user's choice and on no
/// one else's; the other calls need a server key.
/// </summary>
public sealed class PrivacyService(UserGrains users, TenantDirectory tenants, AuditRecorder audit, DeviceAccess devices, DeviceTokenSigner tokens,
    UserReferences references, PlatformMetrics metrics, TimeProvider clock) : Privacy.PrivacyBase
{
    [Authorize(Policy = Policies.AnyTenantKey)]
    public override async Task<PrivacyStatus> Suppress(SuppressRequest request, ServerCallContext context)
    {
        var device = devices.Require(context, request.UserId, DeviceActions.Suppress);
        var user = users.For(context, request.UserId);
        RequestRules.Reason("reason", request.Reason);
        if (device is not null)
        {
            // A device learns nothing of what is stored, not even whether its user was erased.
            try
            {
                await user.SuppressAsync(context.Caller().KeyId, request.Reason, SuppressionSources.Device, device);
            }
            catch (DomainException e) when (e.Error == DomainError.Erased)
            {
                // Nothing is kept for an erased user anyway.
            }
            return new PrivacyStatus { UserId = request.UserId, State = new PrivacyState { Suppressed = true } };
        }
        var state = await user.SuppressAsync(context.Caller().KeyId, request.Reason, SuppressionSources.Backend, device: null);
        return UserMapper.ToPrivacyStatus(request.UserId, state);
    }

    [Authorize(Policy = Policies.AnyTenantKey)]
    public override async Task<PrivacyStatus> Unsuppress(UnsuppressRequest request, ServerCallContext context)
    {
        var device = devices.Require(context, request.UserId, DeviceActions.Suppress);
        var state = await users.For(context, request.UserId).UnsuppressAsync(context.Caller().KeyId,
            device is null ? SuppressionSources.Backend : SuppressionSources.Device, device);
        return device is null
            ? UserMapper.ToPrivacyStatus(request.UserId, state)
            : new PrivacyStatus { UserId = request.UserId, State = new PrivacyState { Suppressed = false } };
    }

    [Authorize(Policy = Policies.AnyTenantKey)]
    public override async Task<ErasureCertificate> Forget(ForgetRequest request, ServerCallContext context)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var device = devices.Require(context, request.UserId, DeviceActions.Forget);
        var certificate = await users.For(context, request.UserId).ForgetAsync(context.Caller().KeyId, device);
        metrics.Forgotten(PlatformMetrics.Since(started));
        // A device learns only that the user is erased, not what or how much was held.
        return device is not null
            ? new ErasureCertificate { UserId = request.UserId, ErasedAt = UserMapper.Time(certificate.Erasure.ErasedAt) }
            : UserMapper.ToCertificate(request.UserId, certificate);
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<ExportDocument> Export(ExportRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var caller = context.Caller();
        var export = await user.ExportAsync();
        var tenant = await tenants.GetAsync(caller.TenantId, context.CancellationToken);
        var generatedAt = clock.GetUtcNow();
        await audit.UserAsync(context, AuditOperations.UserExported, user);
        return new ExportDocument
        {
            UserId = request.UserId,
            ContentType = UserExportDocument.ContentType,
            Json = UserExportDocument.Write(caller.TenantId, request.UserId, tenant, export, generatedAt),
            GeneratedAt = UserMapper.Time(generatedAt),
        };
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<DeviceToken> IssueDeviceToken(IssueDeviceTokenRequest request, ServerCallContext context)
    {
        var user = users.For(context, request.UserId);
        var lifetime = WellKnownRules.Span("ttl", request.Ttl) ?? Limits.DeviceTokenDefaultLifetime;
        if (lifetime < Limits.DeviceTokenMinLifetime || lifetime > Limits.DeviceTokenMaxLifetime)
        {
            throw Reject.InvalidArgument("ttl", $"is {lifetime}; a device token lives 1 minute to 30 days (24 hours if unset)");
        }
        var actions = DeviceActionNames.FromRequest(request.Actions);
        var caller = context.Caller();
        var generation = await user.GetDeviceTokenGenerationAsync();
        var now = clock.GetUtcNow();
        var claims = new DeviceTokenClaims(caller.TenantId, references.For(caller.TenantId, request.UserId), generation, actions,
            now, now + lifetime);
        // Recorded like a read: who had a token made for which user, and what it allows; never the token.
        await audit.UserAsync(context, AuditOperations.DeviceTokenIssued, user, DeviceActionNames.Describe(actions));
        return new DeviceToken
        {
            UserId = request.UserId,
            Token = tokens.Issue(claims),
            ExpiresAt = UserMapper.Time(claims.ExpiresAt),
            Actions = { DeviceActionNames.ToMessage(actions) },
        };
    }

    [Authorize(Policy = Policies.ServerKey)]
    public override async Task<RevokeDeviceTokensResponse> RevokeDeviceTokens(RevokeDeviceTokensRequest request, ServerCallContext context)
    {
        await users.For(context, request.UserId).RevokeDeviceTokensAsync(context.Caller().KeyId);
        return new RevokeDeviceTokensResponse { UserId = request.UserId, RevokedAt = UserMapper.Time(clock.GetUtcNow()) };
    }
}
